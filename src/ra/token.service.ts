/**
 * The USB key registry: keys come into stock, are handed to applicants when
 * an enrollment code is issued (application.service), and are reported lost
 * or damaged — which revokes every certificate on the key (lost →
 * keyCompromise, damaged → superseded) and opens a replacement application
 * for the holder's signing certificate, to be vetted in person as usual.
 */
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import type { ApplicationService } from "./application.service.js";
import type { Actor } from "./application-state.js";
import type { RevocationPort } from "./external.ports.js";
import type { ApplicationRecord, TokenCertRecord, TokenQuery, TokenRecord } from "./ra.ports.js";
import { REPORT_REASON, tokenTransition } from "./token-state.js";

const REASON_NAME = { lost: "keyCompromise", damaged: "superseded" } as const;
const STAFF = ["ra_operator", "ra_admin"] as const;

export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly applications: ApplicationService,
    private readonly revocation: RevocationPort,
  ) {}

  private assertStaff(actor: Actor) {
    if (!actor.roles.some((r) => (STAFF as readonly string[]).includes(r))) throw new AppError("AUTH_FORBIDDEN", { detail: "the USB key registry needs ra_operator or ra_admin" });
  }

  async register(input: { serial: string; model: string; note?: string }, actor: Actor): Promise<TokenRecord> {
    this.assertStaff(actor);
    const now = this.clock.now();
    const t: TokenRecord = {
      id: newId(),
      serial: input.serial.trim(),
      model: input.model.trim(),
      kind: "usb",
      state: "stock",
      applicantId: null,
      issuedAt: null,
      note: input.note?.trim() || null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    return this.store.tx(async (r) => {
      if (await r.ra.tokenBySerial(t.serial)) throw new AppError("RA_TOKEN_EXISTS", { detail: t.serial });
      await r.ra.insertToken(t);
      await this.audit.record(r.audit, { actor: actor.id, action: "ra.token.register", subject: `token:${t.serial}`, payload: { model: t.model } });
      return t;
    });
  }

  async get(id: string): Promise<TokenRecord & { certificates: TokenCertRecord[] }> {
    const t = await this.store.read.ra.token(id);
    if (!t) throw new AppError("RA_TOKEN_NOT_FOUND", { detail: id });
    return { ...t, certificates: await this.store.read.ra.tokenCerts(id) };
  }

  list(q: TokenQuery): Promise<TokenRecord[]> {
    return this.store.read.ra.listTokens(q);
  }

  /**
   * Reports a key lost or damaged: marks it, revokes its certificates and
   * opens a replacement application. The state change commits first, so a
   * revocation that fails midway is retried by reporting again (already
   * revoked certificates are skipped).
   */
  async report(id: string, what: "lost" | "damaged", note: string | undefined, actor: Actor): Promise<{ token: TokenRecord; revoked: string[]; replacement: ApplicationRecord | null }> {
    this.assertStaff(actor);
    const now = this.clock.now();
    const token = await this.store.tx(async (r) => {
      const t = await r.ra.tokenForUpdate(id);
      if (!t) throw new AppError("RA_TOKEN_NOT_FOUND", { detail: id });
      const next = tokenTransition(t, { kind: "report", what });
      await r.ra.updateToken(id, { state: next.state, note: note?.trim() || t.note, updatedAt: now });
      await this.audit.record(r.audit, { actor: actor.id, action: `ra.token.report`, subject: `token:${t.serial}`, payload: { what, applicant: t.applicantId, note: note ?? null } });
      return { ...t, state: next.state, updatedAt: now };
    });
    const revoked: string[] = [];
    let signing: { serial: string; notBefore: Date } | null = null;
    for (const c of await this.store.read.ra.tokenCerts(id)) {
      const cert = await this.store.read.pki.certificate(c.serial);
      if (!cert) continue;
      if (c.usage === "sign" && (!signing || cert.notBefore > signing.notBefore)) signing = { serial: c.serial, notBefore: cert.notBefore };
      if (cert.status === "issued" || cert.status === "hold") {
        await this.revocation.revoke(c.serial, REASON_NAME[what], actor.id);
        await this.store.read.bidderAuth.deleteSessionsOfCert(c.serial);
        revoked.push(c.serial);
      }
    }
    let replacement: ApplicationRecord | null = null;
    if (token.applicantId && signing && !(await this.store.read.ra.openApplicationsFor(signing.serial)).length) {
      replacement = await this.applications.submit(
        { applicantId: token.applicantId, type: "replace", targetSerial: signing.serial, tokenKind: token.kind, note: `USBKey ${token.serial} ${what === "lost" ? "挂失" : "损坏"} (reason code ${REPORT_REASON[what]})` },
        actor.id,
        "token_report",
      );
    }
    return { token, revoked, replacement };
  }

  async destroy(id: string, actor: Actor): Promise<TokenRecord> {
    this.assertStaff(actor);
    const now = this.clock.now();
    return this.store.tx(async (r) => {
      const t = await r.ra.tokenForUpdate(id);
      if (!t) throw new AppError("RA_TOKEN_NOT_FOUND", { detail: id });
      const next = tokenTransition(t, { kind: "destroy" });
      await r.ra.updateToken(id, { state: next.state, updatedAt: now });
      await this.audit.record(r.audit, { actor: actor.id, action: "ra.token.destroy", subject: `token:${t.serial}`, payload: { from: t.state } });
      return { ...t, state: next.state, updatedAt: now };
    });
  }
}
