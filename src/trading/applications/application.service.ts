/**
 * Bid applications, staff side: the qualification (资格审核) with reasons on
 * rejection. With qualification before the sale (资格前审) every application
 * is decided before bidding; with qualification after it (资格后审) only the
 * winner is, once bidding is over. A rejected applicant's deposit is listed
 * for refund at once.
 *
 * Anonymity: before the sale ends, no staff view links an application
 * (identity) to its bidder number — the number appears in the bids — and the
 * audit entries of decisions name the application, not the number.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import { FINAL_PHASES, type Phase } from "../engine/types.js";
import type { SaleRunner } from "../sale/sale-runner.js";
import { settleDeposits } from "../deposits/settlement.js";
import { loadCalendar } from "../sale/sale-runner.js";
import type { Application } from "../trading.ports.js";

/** Identities may be linked to bidder numbers once bidding is over. */
export const identitiesOpen = (phase: Phase): boolean => FINAL_PHASES.includes(phase) || phase === "awaitingQualification";

export class ApplicationService {
  constructor(
    private readonly store: Store,
    private readonly runner: SaleRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async listForStaff(parcelId: string): Promise<{ applications: Application[]; identitiesOpen: boolean }> {
    const p = await this.store.read.trading.parcels.byId(parcelId);
    if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    return { applications: await this.store.read.trading.applications.byParcel(parcelId), identitiesOpen: identitiesOpen(p.phase) };
  }

  async decide(applicationId: string, d: { approved: boolean; reason?: string | undefined }, actor: string): Promise<Application> {
    if (!d.approved && !d.reason?.trim()) throw new AppError("TRADE_REJECTION_REASON_REQUIRED");
    return this.runner.run(async (r, outbox) => {
      const a = await r.trading.applications.byId(applicationId);
      if (!a) throw new AppError("TRADE_APPLICATION_NOT_FOUND", { detail: applicationId });
      if (a.status !== "submitted") throw new AppError("TRADE_APPLICATION_DECIDED", { detail: a.status });
      const event = { type: "qualify", bidderNo: a.bidderNo, approved: d.approved } as const;
      const applied = await this.runner.apply(r, outbox, a.parcelId, event, actor, { type: "qualify", applicationId: a.id, approved: d.approved });
      const at = this.clock.now();
      await r.trading.applications.decide(a.id, { status: d.approved ? "qualified" : "rejected", reason: d.approved ? null : d.reason!.trim(), by: actor }, at);
      await this.audit.record(r.audit, {
        actor,
        action: d.approved ? "trading.application.approve" : "trading.application.reject",
        subject: `application:${a.id}`,
        payload: { parcelId: a.parcelId, applicant: a.displayName, reason: d.approved ? null : d.reason },
      });
      // A rejected applicant (before the sale) gets the deposit back now; after the sale the result settles it.
      if (!d.approved && applied.state.phase !== "withdrawn") {
        const p = (await r.trading.parcels.lock(a.parcelId))!;
        await settleDeposits(r, p, [{ type: "refundDeposits", bidderNos: [a.bidderNo] }], null, at, await loadCalendar(r), "rejected");
      }
      return (await r.trading.applications.byId(a.id))!;
    });
  }
}
