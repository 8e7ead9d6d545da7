/**
 * The verification page's question, "is this signed file good?", answered in
 * one report a person can read: the file as dropped (DER, PEM or base64 text
 * — Outlook and some USB-key tools save .p7s as base64), who signed, when,
 * the trust path, revocation, and for anything wrong the catalogue code with
 * its message, cause and remedy. A coded failure of the file itself
 * (malformed, wrong content type, detached without the original…) is part of
 * the answer here, not an HTTP error: the page shows it like any other
 * finding. Anything else (a bug, the database down) still throws.
 */
import { ERROR_CATALOGUE, isAppError } from "../shared/errors.js";
import type { ErrorSpec } from "../shared/error-spec.js";
import type { VerifyResult } from "./verify.service.js";

export type FileEncoding = "der" | "pem" | "base64";

export interface Explanation {
  code: string;
  message: { zh: string; en: string };
  cause: { zh: string; en: string } | null;
  remedy: { zh: string; en: string } | null;
}

export interface PartyName {
  commonName: string | null;
  organization: string | null;
  dn: string;
}

export interface VerifyReport {
  outcome: "valid" | "invalid" | "error";
  code: string | null;
  explanation: Explanation | null;
  /** Detail of a coded failure of the file itself (which part did not parse…). */
  detail: string | null;
  encoding: FileEncoding;
  signer: (PartyName & { serial: string; notBefore: string; notAfter: string; suite: string | null }) | null;
  issuer: PartyName | null;
  /** The trust anchor the chain ends at, when it was built. */
  root: PartyName | null;
  result: VerifyResult | null;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/**
 * DER as it is; PEM (any label: PKCS7, CMS, SIGNED DATA…) and bare base64 text
 * decoded. Anything else is passed on untouched and the CMS reader names it
 * SEC_CMS_MALFORMED.
 */
export function decodeSignedFile(bytes: Uint8Array): { der: Uint8Array; encoding: FileEncoding } {
  if (bytes[0] === 0x30) return { der: bytes, encoding: "der" };
  // latin1 keeps every byte: a binary file cannot turn into accidental PEM.
  const text = Buffer.from(bytes.subarray(0, 32 * 1024 * 1024)).toString("latin1");
  const pem = PEM.exec(text);
  if (pem) return { der: new Uint8Array(Buffer.from(pem[2]!.replace(/\s+/g, ""), "base64")), encoding: "pem" };
  const trimmed = text.trim();
  if (trimmed.length >= 16 && BASE64_TEXT.test(trimmed)) {
    const der = new Uint8Array(Buffer.from(trimmed.replace(/\s+/g, ""), "base64"));
    if (der[0] === 0x30) return { der, encoding: "base64" };
  }
  return { der: bytes, encoding: "der" };
}

/**
 * "CN=张伟, O=长沙某公司, C=CN" → its CN and O. The DN text joins attributes
 * with ", "; a value may itself contain ", ", so split only before "TYPE=".
 */
export function partyName(dn: string): PartyName {
  const attrs = dn.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/).map((p) => {
    const i = p.indexOf("=");
    return [p.slice(0, i), p.slice(i + 1)] as const;
  });
  const get = (k: string) => attrs.find(([t]) => t === k)?.[1] ?? null;
  return { commonName: get("CN"), organization: get("O"), dn };
}

export function explain(code: string | null): Explanation | null {
  if (!code) return null;
  const spec = (ERROR_CATALOGUE as Record<string, ErrorSpec>)[code];
  if (!spec) return null;
  return { code, message: { zh: spec.zh, en: spec.en }, cause: spec.cause ?? null, remedy: spec.remedy ?? null };
}

/** Builds the report around a verification (`run` gets the decoded DER); coded SEC_* failures become findings. */
export async function verifyReport(file: Uint8Array, run: (der: Uint8Array) => Promise<VerifyResult>): Promise<VerifyReport> {
  const { der, encoding } = decodeSignedFile(file);
  let result: VerifyResult;
  try {
    result = await run(der);
  } catch (e) {
    if (isAppError(e) && e.code.startsWith("SEC_")) {
      return { outcome: "error", code: e.code, explanation: explain(e.code), detail: e.detail ?? null, encoding, signer: null, issuer: null, root: null, result: null };
    }
    throw e;
  }
  const chain = result.validation?.chain ?? [];
  const s = result.signer;
  const top = chain.length > 1 ? chain[chain.length - 1]! : null;
  return {
    outcome: result.valid ? "valid" : "invalid",
    code: result.code,
    explanation: explain(result.code),
    detail: null,
    encoding,
    signer: s ? { ...partyName(s.subject), serial: s.serial, notBefore: s.notBefore, notAfter: s.notAfter, suite: s.suite } : null,
    issuer: s ? partyName(s.issuer) : null,
    root: top ? partyName(top.subject) : null,
    result,
  };
}
