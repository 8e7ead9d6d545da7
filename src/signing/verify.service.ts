/**
 * verify: CMS SignedData (attached or detached) or a raw signature with its
 * certificate. Answers signer, claimed signing time, trusted timestamp time
 * and the full validation result. The signer's certificate is validated at
 * the timestamp's time when a valid RFC 3161 token is attached (so a
 * certificate revoked AFTER a trusted timestamp still validates for the
 * signing), else at `at` (default now).
 *
 * Malformed input, a wrong content type, unknown algorithms, a detached
 * signature without content → thrown coded errors (problem+json). A signature
 * that does not verify, or a signer that does not validate → 200 with
 * valid:false and the code: the question was answered.
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { TSTInfo } from "@peculiar/asn1-tsp";
import type { Clock } from "../app/clock.js";
import { nodeGm } from "../pki/algs/gm-node.js";
import { SIGNATURE_ALGORITHMS, SM2_DEFAULT_ID } from "../pki/algs/suite.js";
import { suiteOfSpki, verifySignature } from "../pki/algs/verify.js";
import { CMS_OID } from "../pki/asn1/cms-oids.js";
import { isErrorCode } from "../shared/error-catalogue.js";
import { AppError } from "../shared/errors.js";
import { verifyCms, type CmsVerification } from "../../sdk/src/cms/signed-data.js";
import { isSdkError } from "../../sdk/src/errors.js";
import { readCert, summarise } from "./cert-summary.js";
import { nodeHostCrypto } from "./node-host-crypto.js";
import { messageOf, type ValidationCache, type ValidationResult } from "./validation.js";

export interface VerifyResult {
  valid: boolean;
  code: string | null;
  message: { zh: string; en: string } | null;
  format: "cms" | "raw";
  signer: ReturnType<typeof summarise> | null;
  signingTime: string | null;
  timestampTime: string | null;
  contentType: string | null;
  detached: boolean;
  validation: ValidationResult | null;
}

const HASH_NODE: Record<string, string> = { [CMS_OID.sha256]: "sha256", [CMS_OID.sha384]: "sha384", [CMS_OID.sha512]: "sha512", [CMS_OID.sm3]: "sm3" };

/** The SDK's coded errors come from the same catalogue: turn them back into AppError. */
export function rethrowCoded(e: unknown): never {
  if (isSdkError(e)) throw new AppError(isErrorCode(e.code) ? e.code : "SEC_CMS_MALFORMED", { detail: e.detail ?? e.message });
  throw e;
}

export class VerifyService {
  constructor(
    private readonly clock: Clock,
    private readonly validation: ValidationCache,
  ) {}

  /** A valid timestamp token over `signatureValue` → its genTime; invalid → throws SEC_TIMESTAMP_INVALID. */
  private async timestampTime(token: Uint8Array, signatureValue: Uint8Array): Promise<Date> {
    let v: CmsVerification;
    try {
      v = await verifyCms(token, { gm: nodeGm, host: nodeHostCrypto });
    } catch (e) {
      throw new AppError("SEC_TIMESTAMP_INVALID", { detail: isSdkError(e) ? `${e.code}: ${e.detail ?? ""}` : String(e) });
    }
    if (v.contentType !== CMS_OID.tstInfo) throw new AppError("SEC_TIMESTAMP_INVALID", { detail: "the token does not carry TSTInfo" });
    const tst = AsnConvert.parse(v.content, TSTInfo);
    const alg = HASH_NODE[tst.messageImprint.hashAlgorithm.algorithm];
    if (!alg) throw new AppError("SEC_TIMESTAMP_INVALID", { detail: `imprint hash ${tst.messageImprint.hashAlgorithm.algorithm}` });
    const imprint = createHash(alg).update(signatureValue).digest();
    if (!imprint.equals(Buffer.from(tst.messageImprint.hashedMessage.buffer))) throw new AppError("SEC_TIMESTAMP_INVALID", { detail: "the token is over another signature" });
    const tsa = await this.validation.validate(v.signer.der, { at: tst.genTime, extraCerts: v.certificates });
    if (!tsa.valid) throw new AppError("SEC_TIMESTAMP_INVALID", { detail: `TSA certificate: ${tsa.code}` });
    return tst.genTime;
  }

  async verifyCms(cms: Uint8Array, content: Uint8Array | undefined, at: Date | undefined, mode?: "hard" | "soft"): Promise<VerifyResult> {
    let v: CmsVerification;
    try {
      v = await verifyCms(cms, { gm: nodeGm, host: nodeHostCrypto, ...(content ? { content } : {}) });
    } catch (e) {
      if (isSdkError(e) && e.code === "SEC_SIG_INVALID") {
        return { valid: false, code: e.code, message: messageOf(e.code), format: "cms", signer: null, signingTime: null, timestampTime: null, contentType: null, detached: !!content, validation: null };
      }
      rethrowCoded(e);
    }
    let tsTime: Date | undefined;
    let tsCode: string | null = null;
    if (v.timestampToken) {
      try {
        tsTime = await this.timestampTime(v.timestampToken, v.signatureValue);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        tsCode = e.code;
      }
    }
    const validation = await this.validation.validate(v.signer.der, { at: tsTime ?? at ?? this.clock.now(), extraCerts: v.certificates, ...(mode ? { mode } : {}) });
    return {
      valid: validation.valid && !tsCode,
      code: tsCode ?? validation.code,
      message: messageOf(tsCode ?? validation.code),
      format: "cms",
      signer: summarise(v.signer),
      signingTime: v.signingTime?.toISOString() ?? null,
      timestampTime: tsTime?.toISOString() ?? null,
      contentType: v.contentType,
      detached: v.detached,
      validation,
    };
  }

  async verifyRaw(req: { signature: Uint8Array; certificate: Uint8Array; data: Uint8Array; algorithm?: string; sm2UserId?: string; at?: Date; mode?: "hard" | "soft" }): Promise<VerifyResult> {
    const info = readCert(req.certificate);
    const suite = suiteOfSpki(info.spki);
    const alg = req.algorithm ?? SIGNATURE_ALGORITHMS[suite].oid;
    if (!Object.values(SIGNATURE_ALGORITHMS).some((a) => a.oid === alg)) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `signature algorithm ${alg}` });
    const ok = verifySignature(info.spki, alg, req.data, req.signature, { sm2Id: req.sm2UserId ?? SM2_DEFAULT_ID });
    const base = { format: "raw" as const, signer: summarise(info), signingTime: null, timestampTime: null, contentType: null, detached: true };
    if (!ok) return { ...base, valid: false, code: "SEC_SIG_INVALID", message: messageOf("SEC_SIG_INVALID"), validation: null };
    const validation = await this.validation.validate(req.certificate, { at: req.at ?? this.clock.now(), ...(req.mode ? { mode: req.mode } : {}) });
    return { ...base, valid: validation.valid, code: validation.code, message: messageOf(validation.code), validation };
  }
}
