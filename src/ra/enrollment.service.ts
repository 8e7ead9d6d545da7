/**
 * Enrollment of an approved application onto a token: the applicant (their
 * browser soft token, or `landtrade token enroll` on a USB key) presents the
 * application id and one-time code with a PKCS#10 request; the RA checks the
 * key is new to this holder's token, the CA issues with the vetted subject,
 * the application becomes "enrolled"; the holder then proves the key and the
 * installed certificate by signing an activation message → "active". Dual
 * applications get their escrowed encryption certificate and its envelope.
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import type { CaService, Issued } from "../pki/ca/ca.service.js";
import { spkiHash } from "../pki/ca/ca.service.js";
import { parseCsr } from "../pki/asn1/csr.js";
import { nameToString, buildName } from "../pki/asn1/names.js";
import type { SuiteId } from "../pki/algs/suite.js";
import { transition } from "./application-state.js";
import type { EnrollmentGrantPort, RevocationPort } from "./external.ports.js";
import type { Delivery, KmService } from "./km/km.service.js";
import { verifyLogin } from "./login/login-signature.js";
import type { ApplicantRecord, ApplicationRecord } from "./ra.ports.js";
import { signingProfile, vettedSubject } from "./subject.js";

export const activationMessage = (applicationId: string, serial: string): string =>
  ["landtrade certificate activation", `application: ${applicationId}`, `serial: ${serial}`].join("\n");

export interface EnrollmentInfo {
  applicationId: string;
  state: string;
  suite: SuiteId;
  dual: boolean;
  tokenKind: string | null;
  /** Serial of the USB key registered for this application (the client checks the inserted key). */
  tokenSerial: string | null;
  subject: string;
  codeExpiresAt: string | null;
  signSerial: string | null;
}

export class RaEnrollmentService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ca: CaService,
    private readonly grants: EnrollmentGrantPort,
    private readonly km: KmService,
    private readonly revocation: RevocationPort,
    private readonly sm2UserId: string,
  ) {}

  /** The application behind (id, code), or RA_CODE_INVALID — never "no such application" to a guesser. */
  private async authenticate(id: string, code: string): Promise<{ app: ApplicationRecord; applicant: ApplicantRecord }> {
    if (!(await this.grants.codeMatches(id, code))) throw new AppError("RA_CODE_INVALID");
    const app = await this.store.read.ra.application(id);
    if (!app) throw new AppError("RA_CODE_INVALID");
    return { app, applicant: (await this.store.read.ra.applicant(app.applicantId))! };
  }

  /** Whether `id` is an RA application's enrollment (EST simpleenroll hands those to enroll() below). */
  async owns(id: string): Promise<boolean> {
    return (await this.store.read.ra.application(id)) !== undefined;
  }

  async info(id: string, code: string): Promise<EnrollmentInfo> {
    const { app, applicant } = await this.authenticate(id, code);
    const token = app.tokenId ? await this.store.read.ra.token(app.tokenId) : undefined;
    return {
      applicationId: app.id,
      state: app.state,
      suite: app.suite as SuiteId,
      dual: app.dual,
      tokenKind: app.tokenKind,
      tokenSerial: token?.kind === "usb" ? token.serial : null,
      subject: nameToString(buildName(vettedSubject(applicant))),
      codeExpiresAt: app.codeExpiresAt?.toISOString() ?? null,
      signSerial: app.signSerial,
    };
  }

  /**
   * Checks before the CA issues for application `id` (also the hook the EST
   * service calls): the application is waiting for enrollment, the key is of
   * its suite, and the key is on no other token and certified to no one else.
   */
  async check(app: ApplicationRecord, applicant: ApplicantRecord, spki: Uint8Array, keySuite: SuiteId, now: Date): Promise<void> {
    // Expired / used / wrong state, by the same rules as the transition itself.
    transition(app, { kind: "enroll", serial: "-" }, now);
    if (keySuite !== app.suite) throw new AppError("PKI_KEY_UNSUPPORTED", { detail: `this application is for a ${app.suite} key, the request has a ${keySuite} key` });
    const h = spkiHash(spki);
    for (const c of await this.store.read.ra.tokenCertsBySpki(h)) {
      // The same holder may renew with the key already on the same token; anything else is another token's key.
      const token = c.tokenId ? await this.store.read.ra.token(c.tokenId) : undefined;
      const sameToken = app.tokenKind === "usb" ? c.tokenId === app.tokenId : token?.kind === "soft";
      if (c.applicantId !== applicant.id || c.usage !== "sign" || !sameToken) {
        throw new AppError("RA_KEY_ON_OTHER_TOKEN", { detail: `key already on ${token ? `token ${token.serial}` : "another token"} (certificate ${c.serial})` });
      }
    }
    const subject = nameToString(buildName(vettedSubject(applicant)));
    for (const holder of await this.store.read.pki.holdersOfKey(h)) {
      if (holder.subject !== subject) throw new AppError("RA_KEY_ON_OTHER_TOKEN", { detail: `key certified to another subject in ${holder.serial}` });
    }
  }

  /** The enrollment itself (what EST simpleenroll runs for an RA grant). */
  async enroll(id: string, code: string, csrInput: Uint8Array | string): Promise<Issued> {
    const { app, applicant } = await this.authenticate(id, code);
    const csr = parseCsr(csrInput, { sm2Id: this.sm2UserId });
    const now = this.clock.now();
    await this.check(app, applicant, csr.spki, csr.suite, now);
    // Claim the code before issuing, so two requests racing with one code get one certificate.
    await this.store.tx(async (r) => {
      const locked = (await r.ra.applicationForUpdate(id))!;
      const g = await r.raGrants.get(id);
      if (!g || g.usedAt) throw new AppError("RA_CODE_USED");
      transition(locked, { kind: "enroll", serial: "-" }, now);
      await r.raGrants.markUsed(id, `claimed:${id}`, now); // serials are unique: one claim marker per grant
    });
    let issued: Issued;
    try {
      issued = await this.ca.issue({ suite: app.suite as SuiteId, csr: csr.der, profile: signingProfile(applicant), actor: `ra:${id}`, via: "ra", subject: vettedSubject(applicant), holder: applicant.id });
    } catch (e) {
      await this.store.read.raGrants.unclaim(id); // the code stays usable
      throw e;
    }
    await this.recordEnrolled(id, issued, now);
    return issued;
  }

  /** Records an issued signing certificate against its application (the EST service's after-issue hook). */
  async recordEnrolled(id: string, issued: Issued, at: Date): Promise<ApplicationRecord> {
    const now = this.clock.now();
    const next = await this.store.tx(async (r) => {
      const app = await r.ra.applicationForUpdate(id);
      if (!app) throw new AppError("RA_APPLICATION_NOT_FOUND", { detail: id });
      const patch = transition(app, { kind: "enroll", serial: issued.serial }, at);
      let tokenId = app.tokenId;
      if (app.tokenKind === "soft") {
        // A browser soft token is registered when it first receives a certificate.
        tokenId = newId();
        await r.ra.insertToken({
          id: tokenId,
          serial: `soft-${issued.record.spkiSha256.slice(0, 16)}`,
          model: "browser soft token (WebCrypto)",
          kind: "soft",
          state: "issued",
          applicantId: app.applicantId,
          issuedAt: now,
          note: null,
          createdBy: `ra:${id}`,
          createdAt: now,
          updatedAt: now,
        });
      }
      await r.ra.addTokenCert({ serial: issued.serial, tokenId, applicantId: app.applicantId, usage: "sign", spkiSha256: issued.record.spkiSha256, addedAt: now });
      await r.bidderAuth.insertBinding({ certSha256: sha256Hex(issued.certDer), applicantId: app.applicantId, serial: issued.serial, issuer: issued.record.caId, source: "issued", boundAt: now });
      await r.raGrants.markUsed(id, issued.serial, now);
      const updated = { ...app, ...patch, tokenId, updatedAt: now };
      await r.ra.updateApplication(id, { state: updated.state, enrolledAt: updated.enrolledAt, signSerial: updated.signSerial, tokenId, updatedAt: now });
      await this.audit.record(r.audit, {
        actor: `ra:${id}`,
        action: "ra.application.enroll",
        subject: `application:${id}`,
        payload: { from: app.state, to: updated.state, serial: issued.serial, token: tokenId, tokenKind: app.tokenKind, applicant: app.applicantId },
      });
      return updated;
    });
    if (next.dual) await this.ensureEncryption(next);
    return next;
  }

  private async ensureEncryption(app: ApplicationRecord): Promise<string> {
    if (app.encSerial) return app.encSerial;
    const applicant = (await this.store.read.ra.applicant(app.applicantId))!;
    const r = await this.km.issueEncryption({ applicationId: app.id, applicant, suite: app.suite as SuiteId, signSerial: app.signSerial!, tokenId: app.tokenId });
    return r.serial;
  }

  /**
   * The holder signs the activation message with the new key once the
   * certificate is on the token: proof that the right key holds the right
   * certificate. A renewal then retires the old certificate (superseded).
   */
  async activate(id: string, code: string, signature: Uint8Array): Promise<{ application: ApplicationRecord; serial: string; delivery: Delivery | null }> {
    const { app } = await this.authenticate(id, code);
    const now = this.clock.now();
    transition(app, { kind: "activate" }, now);
    const cert = (await this.ca.certificate(app.signSerial!))!;
    const message = new TextEncoder().encode(activationMessage(id, cert.serial));
    const spki = certSpki(cert.certDer!);
    if (!verifyLogin(spki, cert.suite as SuiteId, message, signature, this.sm2UserId)) throw new AppError("RA_LOGIN_WRONG_KEY", { detail: "the activation signature is not by the certified key" });
    const encSerial = app.dual ? await this.ensureEncryption(app) : null;
    const application = await this.store.tx(async (r) => {
      const locked = (await r.ra.applicationForUpdate(id))!;
      const patch = transition(locked, { kind: "activate" }, now);
      await r.ra.updateApplication(id, { state: patch.state, activatedAt: patch.activatedAt, updatedAt: now });
      await this.audit.record(r.audit, { actor: `bidder:${app.applicantId}`, action: "ra.application.activate", subject: `application:${id}`, payload: { from: locked.state, to: patch.state, serial: cert.serial, encSerial } });
      return { ...locked, ...patch, encSerial: encSerial ?? locked.encSerial, updatedAt: now };
    });
    if ((app.type === "renew" || app.type === "replace") && app.targetSerial) {
      const old = await this.ca.certificate(app.targetSerial);
      if (old && (old.status === "issued" || old.status === "hold")) {
        await this.revocation.revoke(app.targetSerial, "superseded", `ra:${id}`);
        await this.store.read.bidderAuth.deleteSessionsOfCert(app.targetSerial);
      }
    }
    const delivery = encSerial ? await this.km.deliver(encSerial, `bidder:${app.applicantId}`) : null;
    return { application, serial: cert.serial, delivery };
  }
}

const sha256Hex = (der: Uint8Array): string => createHash("sha256").update(der).digest("hex");

const certSpki = (der: Uint8Array): Uint8Array => new Uint8Array(AsnConvert.serialize(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo));
