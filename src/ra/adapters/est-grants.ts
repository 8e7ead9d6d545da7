/**
 * EnrollmentGrantPort over the EST enrollment service: an approved RA
 * application gets its one-time code as an EST grant under the application
 * id (one table, one code hash, one audit trail for both), so the holder
 * enrolls at /.well-known/est with (application id, code).
 */
import type { Clock } from "../../app/clock.js";
import { codeMatches } from "../../pki/est/enrollment-code.js";
import type { EnrollmentService } from "../../pki/est/enrollment.service.js";
import type { SuiteId } from "../../pki/algs/suite.js";
import type { Store } from "../../storage/store.js";
import type { EnrollmentGrantPort, GrantRequest } from "../external.ports.js";

export class EstGrants implements EnrollmentGrantPort {
  constructor(
    private readonly enrollment: EnrollmentService,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async grant(g: GrantRequest): Promise<{ code: string }> {
    const ttlMinutes = Math.max(1, Math.ceil((g.expiresAt.getTime() - this.clock.now().getTime()) / 60_000));
    const issued = await this.enrollment.grant({ id: g.id, suite: g.suite as SuiteId, profile: g.profile, subject: g.subject, holder: g.holder, ttlMinutes, actor: g.actor });
    return { code: issued.code };
  }

  async codeMatches(id: string, code: string): Promise<boolean> {
    const g = await this.store.read.enrollment.grant(id);
    // Compare against a dummy when there is no grant, so a guesser learns nothing from the timing.
    return codeMatches(id, code, g?.codeHash ?? "sha256:" + "0".repeat(64)) && g !== undefined;
  }
}
