/**
 * Bid applications, bidder side (竞买申请): a bidder logged in with a
 * certificate applies for a parcel, alone (独立竞买) or jointly (联合竞买,
 * the logged-in applicant leads), once per parcel. The application gets a
 * random bidder number (竞买号) and a random deposit sub-account; staff
 * qualify it (application.service.ts) and the bank confirms the deposit.
 *
 * Applications on one parcel are taken under the parcel's row lock, so the
 * "one per bidder" and "numbers unique per parcel" checks cannot race.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { fen } from "../../shared/money.js";
import type { Store } from "../../storage/store.js";
import { bidderNumber, depositSubAccount } from "../applications/numbers.js";
import type { Application, ApplicationMember } from "../trading.ports.js";

/** The bidder as certificate login established it (req.bidder). */
export interface BidderIdentity {
  applicantId: string;
  displayName: string;
  certSerial: string;
}

export interface ApplyInput {
  kind: "sole" | "joint";
  /** Joint bidding: the partners besides the logged-in applicant (who leads), with their shares. */
  partners?: ApplicationMember[] | undefined;
  /** The lead's share in a joint bid, e.g. "60%". */
  leadShare?: string | undefined;
  /** Accounts the deposit will be paid from (matched against arrivals). */
  payerAccounts: string[];
}

export class BidderApplicationService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async apply(bidder: BidderIdentity, parcelId: string, input: ApplyInput): Promise<Application> {
    if (input.kind === "joint" && !input.partners?.length) throw new AppError("TRADE_JOINT_NEEDS_PARTNERS");
    if (input.kind === "sole" && input.partners?.length) throw new AppError("TRADE_JOINT_NEEDS_PARTNERS", { detail: "a sole application has no partners" });
    const applicant = await this.store.read.ra.applicant(bidder.applicantId);
    if (!applicant) throw new AppError("RA_BIDDER_LOGIN_REQUIRED");
    const lead: ApplicationMember = {
      name: applicant.name,
      idType: applicant.kind === "enterprise" ? "org" : "person",
      idNumber: (applicant.kind === "enterprise" ? applicant.uscc : applicant.idNumber) ?? "",
      ...(input.kind === "joint" && input.leadShare ? { share: input.leadShare } : {}),
    };
    const members = [lead, ...(input.partners ?? [])];
    const ids = members.map((m) => m.idNumber.toUpperCase());
    if (new Set(ids).size !== ids.length) throw new AppError("TRADE_JOINT_NEEDS_PARTNERS", { detail: "a member appears twice" });

    return this.store.tx(async (r) => {
      const p = await r.trading.parcels.lock(parcelId);
      if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
      const now = this.clock.now();
      if (!["announced", "listing"].includes(p.phase) || now > p.depositCutoff) {
        throw new AppError("TRADE_APPLICATIONS_CLOSED", { detail: p.phase === "draft" ? "not announced yet" : `phase ${p.phase}, deposit cut-off ${p.depositCutoff.toISOString()}` });
      }
      const existing = await r.trading.applications.byParcel(parcelId);
      if (existing.some((a) => a.applicantId === bidder.applicantId)) throw new AppError("TRADE_ALREADY_APPLIED", { detail: p.parcelNo });
      const taken = new Set(existing.map((a) => a.bidderNo));
      let no = bidderNumber();
      for (let i = 0; taken.has(no); i++) {
        if (i > 1000) throw new AppError("INTERNAL_ERROR", { detail: "no free bidder number" });
        no = bidderNumber();
      }
      // Sub-accounts are unique across parcels (10 random digits; the unique constraint is the backstop).
      let account = depositSubAccount();
      while (await r.trading.applications.byDepositAccount(account)) account = depositSubAccount();
      const a: Application = {
        id: newId(),
        parcelId,
        applicantId: bidder.applicantId,
        kind: input.kind,
        displayName: input.kind === "joint" ? `${applicant.name} 等${members.length}方联合体` : applicant.name,
        members,
        payerAccounts: input.payerAccounts,
        bidderNo: no,
        depositAccount: account,
        status: "submitted",
        rejectionReason: null,
        decidedBy: null,
        decidedAt: null,
        depositStatus: "awaiting",
        depositReceived: fen(0),
        depositArrivedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await r.trading.applications.insert(a);
      // Audited by application: the bidder number is not in the entry (anonymity before the sale ends).
      await this.audit.record(r.audit, {
        actor: `bidder:${bidder.applicantId}`,
        action: "trading.application.submit",
        subject: `application:${a.id}`,
        payload: { parcelId, parcelNo: p.parcelNo, kind: a.kind, members: members.length, certSerial: bidder.certSerial },
      });
      return a;
    });
  }

  async mine(applicantId: string): Promise<Application[]> {
    return this.store.read.trading.applications.byApplicant(applicantId);
  }

  async one(applicantId: string, applicationId: string): Promise<Application> {
    const a = await this.store.read.trading.applications.byId(applicationId);
    // Someone else's application is "not found": its existence is not disclosed.
    if (!a || a.applicantId !== applicantId) throw new AppError("TRADE_APPLICATION_NOT_FOUND", { detail: applicationId });
    return a;
  }
}
