/**
 * Interim CertificateValidator over what main has today, until pki-enroll's
 * path validator (src/pki/validate/) lands and replaces it in the container:
 *  - trust anchors and intermediates: every CA row (our roots/sub-CAs and
 *    imported external CAs), read once per `reloadSeconds`;
 *  - chain: signatures and validity at `at` (the SDK's isomorphic checker,
 *    with OpenSSL's SM3 on the server);
 *  - revocation: for our own CAs from the certificate table (revoked/hold
 *    with its time, compared with `at`); for external CAs there is no
 *    OCSP/CRL client here yet → "unavailable" (hard fail → invalid).
 */
import type { Clock } from "../app/clock.js";
import { nodeGm } from "../pki/algs/gm-node.js";
import type { CaRecord } from "../pki/ca/pki.ports.js";
import { REVOCATION_REASON_NAMES, REVOCATION_REASONS } from "../pki/ca/revocation-reasons.js";
import type { Store } from "../storage/store.js";
import { checkChain } from "../../sdk/src/cms/chain.js";
import { isSdkError } from "../../sdk/src/errors.js";
import { summarise } from "./cert-summary.js";
import { messageOf, type CertificateValidator, type RevocationInfo, type ValidationResult } from "./validation.js";

export class TrustStoreValidator implements CertificateValidator {
  private cas: { at: number; rows: CaRecord[] } | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly reloadSeconds = 30,
  ) {}

  private async caRows(): Promise<CaRecord[]> {
    const now = this.clock.now().getTime();
    if (!this.cas || now - this.cas.at > this.reloadSeconds * 1000) this.cas = { at: now, rows: await this.store.read.pki.cas() };
    return this.cas.rows;
  }

  async validate(cert: Uint8Array, opts: { at: Date; mode: "hard" | "soft"; extraCerts?: Uint8Array[] }): Promise<ValidationResult> {
    const at = opts.at;
    const fail = (code: string, chain: ValidationResult["chain"] = [], revocation: RevocationInfo = notChecked): ValidationResult => ({
      valid: false,
      code,
      message: messageOf(code),
      at: at.toISOString(),
      chain,
      revocation,
      softFail: false,
    });
    const rows = await this.caRows();
    const anchors = rows.filter((r) => r.kind === "root" || (r.kind === "external" && r.parentId === null)).map((r) => r.certDer);
    const pool = [...rows.filter((r) => r.kind !== "root").map((r) => r.certDer), ...(opts.extraCerts ?? [])];
    let path;
    try {
      path = await checkChain(cert, pool, anchors, at, nodeGm);
    } catch (e) {
      if (isSdkError(e)) return fail(e.code);
      throw e;
    }
    const chain = path.map(summarise);
    const leaf = path[0]!;
    const issuerRow = rows.find((r) => path[1] && r.certDer.length === path[1].der.length && Buffer.from(r.certDer).equals(Buffer.from(path[1].der)));
    const checkedAt = this.clock.now().toISOString();
    let revocation: RevocationInfo;
    if (path.length === 1) revocation = { ...notChecked, status: "good", source: "trust-anchor", checkedAt };
    else if (issuerRow && issuerRow.kind !== "external") {
      const rec = await this.store.read.pki.certificate(leaf.serialHex);
      if (!rec) revocation = { status: "unknown", source: "db", checkedAt, revokedAt: null, reason: null };
      else if ((rec.status === "revoked" || rec.status === "hold") && rec.revokedAt && rec.revokedAt <= at) {
        revocation = { status: rec.status, source: "db", checkedAt, revokedAt: rec.revokedAt.toISOString(), reason: REVOCATION_REASON_NAMES.find((n) => REVOCATION_REASONS[n] === rec.revocationReason) ?? String(rec.revocationReason) };
        return fail(rec.status === "hold" ? "SEC_CERT_ON_HOLD" : "SEC_CERT_REVOKED", chain, revocation);
      } else revocation = { status: "good", source: "db", checkedAt, revokedAt: rec.revokedAt?.toISOString() ?? null, reason: null };
    } else revocation = { status: "unavailable", source: null, checkedAt, revokedAt: null, reason: null };

    if (revocation.status === "unknown" || revocation.status === "unavailable") {
      if (opts.mode === "hard") return fail("SEC_REVOCATION_UNAVAILABLE", chain, revocation);
      return { valid: true, code: "SEC_REVOCATION_UNAVAILABLE", message: messageOf("SEC_REVOCATION_UNAVAILABLE"), at: at.toISOString(), chain, revocation, softFail: true };
    }
    return { valid: true, code: null, message: null, at: at.toISOString(), chain, revocation, softFail: false };
  }
}

const notChecked: RevocationInfo = { status: "not-checked", source: null, checkedAt: null, revokedAt: null, reason: null };

