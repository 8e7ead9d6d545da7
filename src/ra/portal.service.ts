/**
 * What bidders do themselves: pre-apply online (finished in person at the
 * counter, where the originals are checked), and — logged in with their
 * certificate — ask for it to be revoked or suspended.
 */
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Store } from "../storage/store.js";
import type { SuiteId } from "../pki/algs/suite.js";
import type { ApplicantInput } from "./applicant.schema.js";
import type { ApplicantService } from "./applicant.service.js";
import type { ApplicationService, UserRevocationReason } from "./application.service.js";
import type { ApplicationRecord } from "./ra.ports.js";
import type { TokenKind } from "./token-state.js";

export class PortalService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly applicants: ApplicantService,
    private readonly applications: ApplicationService,
  ) {}

  /**
   * An online pre-application. An applicant already on file is linked, never
   * changed (the answer is the same either way, so it reveals nothing about
   * who is registered); the counter checks everything against the originals.
   */
  async preApply(input: { applicant: ApplicantInput; suite?: SuiteId; tokenKind?: TokenKind; dual?: boolean; note?: string }, ip: string | null): Promise<ApplicationRecord> {
    const fresh = this.applicants.build(input.applicant, `online:${ip ?? "?"}`);
    const now = this.clock.now();
    const actor = `online:${ip ?? "?"}`;
    return this.store.tx(async (r) => {
      const existing = await r.ra.applicantByIdentity(fresh.identityKey);
      if (!existing) {
        await r.ra.insertApplicant(fresh);
        await this.audit.record(r.audit, { actor, action: "ra.applicant.register", subject: `applicant:${fresh.id}`, payload: { kind: fresh.kind, name: fresh.name, channel: "online" } });
      }
      const app = await this.applications.plan(
        r,
        { applicantId: existing?.id ?? fresh.id, type: "new", suite: input.suite, tokenKind: input.tokenKind, dual: input.dual, note: input.note },
        actor,
        "online",
        now,
      );
      await r.ra.insertApplication(app);
      await this.audit.record(r.audit, { actor, action: "ra.application.submit", subject: `application:${app.id}`, payload: { applicant: app.applicantId, type: "new", channel: "online", suite: app.suite } });
      return app;
    });
  }

  /** A logged-in bidder asks to revoke or suspend one of their certificates; the RA vets and approves as usual. */
  requestRevocation(applicantId: string, input: { serial: string; type: "revoke" | "suspend"; reason?: UserRevocationReason; note?: string }): Promise<ApplicationRecord> {
    return this.applications.submit(
      { applicantId, type: input.type, targetSerial: input.serial, revocationReason: input.reason, note: input.note },
      `bidder:${applicantId}`,
      "certificate",
    );
  }
}
