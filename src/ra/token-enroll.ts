/**
 * Enrollment of a USB key (PKCS#11 token) against a running server — what
 * `landtrade token enroll` does on the applicant's computer:
 *   1. ask the portal what this application enrolls (HTTP Basic id:code) and
 *      check the inserted key is the one the RA registered for it;
 *   2. generate the signing key on the token (non-extractable);
 *   3. send the token-signed PKCS#10 over EST simpleenroll;
 *   4. write the certificate back onto the token next to its key;
 *   5. activate: the token signs the activation text with the new key;
 *   6. dual certificates: save the encryption certificate and its envelope.
 * Every refusal is a coded error; a failure after step 2 leaves at most an
 * uncertified key on the token (the same code can be retried).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { ContentInfo, SignedData } from "@peculiar/asn1-cms";
import { isErrorCode } from "../shared/error-catalogue.js";
import { AppError } from "../shared/errors.js";
import type { SuiteId } from "../pki/algs/suite.js";
import { parseCertificate } from "../pki/asn1/certificate.js";
import { toHex } from "../pki/asn1/der.js";
import { activationMessage, type EnrollmentInfo } from "./enrollment.service.js";

/** What enrollment needs from the token client (src/pki/token/pkcs11-token.ts implements it). */
export interface EnrollToken {
  info(): { serialNumber: string; label: string };
  generateKey(opts: { label: string; suite?: SuiteId }): Promise<{ id: string }>;
  createCsr(id: string): Promise<Uint8Array>;
  storeCertificate(id: string, certDer: Uint8Array, label?: string): Promise<unknown>;
  sign(id: string, data: Uint8Array): Promise<Uint8Array>;
}

export interface TokenEnrollInput {
  url: string;
  applicationId: string;
  code: string;
  /** fetch (injectable for in-process tests). */
  fetch?: typeof fetch;
}

export interface TokenEnrollResult {
  serial: string;
  keyId: string;
  tokenSerial: string;
  subject: string;
  suite: SuiteId;
  encryption: { serial: string; certDer: Uint8Array; envelopeDer: Uint8Array | null } | null;
}

const basic = (id: string, code: string) => `Basic ${Buffer.from(`${id}:${code}`).toString("base64")}`;

/** A problem+json answer as the AppError it names (so the CLI prints the server's code), else a coded network error. */
async function failure(res: Response, what: string): Promise<never> {
  const text = await res.text();
  try {
    const p = JSON.parse(text) as { code?: string; detail?: string };
    if (p.code && isErrorCode(p.code)) throw new AppError(p.code, { detail: `${what}${p.detail ? `: ${p.detail}` : ""}` });
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
  throw new AppError("RA_ENROLL_SERVER_ERROR", { detail: `${what}: HTTP ${res.status} ${text.slice(0, 200)}` });
}

function certsOnly(base64: string): Uint8Array {
  const ci = AsnConvert.parse(Buffer.from(base64.replace(/\s+/g, ""), "base64"), ContentInfo);
  const sd = AsnConvert.parse(ci.content, SignedData);
  const c = sd.certificates?.find((x) => x.certificate)?.certificate;
  if (!c) throw new AppError("RA_ENROLL_SERVER_ERROR", { detail: "the EST answer holds no certificate" });
  return new Uint8Array(AsnConvert.serialize(c));
}

export async function enrollToken(token: EnrollToken, input: TokenEnrollInput): Promise<TokenEnrollResult> {
  const f = input.fetch ?? fetch;
  const base = input.url.replace(/\/$/, "");
  const auth = basic(input.applicationId, input.code);
  const call = async (url: string, init: RequestInit) => {
    try {
      return await f(url, init);
    } catch (e) {
      throw new AppError("RA_ENROLL_SERVER_ERROR", { detail: `${url}: ${(e as Error).message}` });
    }
  };

  // 1. What to enroll, and is this the registered key?
  const infoRes = await call(`${base}/api/portal/enrollment/${encodeURIComponent(input.applicationId)}`, { headers: { authorization: auth, accept: "application/json" } });
  if (!infoRes.ok) await failure(infoRes, "enrollment lookup");
  const info = (await infoRes.json()) as EnrollmentInfo;
  if (info.tokenKind !== "usb") throw new AppError("RA_TOKEN_MISMATCH", { detail: "this application is for the browser soft token: enroll at /portal/enroll" });
  const tokenSerial = token.info().serialNumber.trim();
  if (info.tokenSerial && info.tokenSerial !== tokenSerial) {
    throw new AppError("RA_TOKEN_MISMATCH", { detail: `the application is for USB key ${info.tokenSerial}; the inserted key is ${tokenSerial}` });
  }

  // 2–3. Key on the token, request signed by it, EST.
  const key = await token.generateKey({ label: `landtrade ${input.applicationId.slice(0, 8)}`, suite: info.suite });
  const csr = await token.createCsr(key.id);
  const estRes = await call(`${base}/.well-known/est/${info.suite}/simpleenroll`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/pkcs10", "content-transfer-encoding": "base64" },
    body: Buffer.from(csr).toString("base64"),
  });
  if (!estRes.ok) await failure(estRes, "EST simpleenroll");
  const certDer = certsOnly(await estRes.text());

  // 4. Certificate onto the token.
  await token.storeCertificate(key.id, certDer);
  let serial = toHex(parseCertificate(certDer).tbsCertificate.serialNumber);
  while (serial.length > 2 && serial.startsWith("00") && Number.parseInt(serial[2]!, 16) < 8) serial = serial.slice(2);

  // 5. Activation signed on the token.
  const signature = await token.sign(key.id, new TextEncoder().encode(activationMessage(input.applicationId, serial)));
  const actRes = await call(`${base}/api/portal/enrollment/${encodeURIComponent(input.applicationId)}/activate`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ signature: Buffer.from(signature).toString("base64") }),
  });
  if (!actRes.ok) await failure(actRes, "activation");
  const act = (await actRes.json()) as { delivery: { encSerial: string; encCertificate: string; envelope: string | null } | null };

  return {
    serial,
    keyId: key.id,
    tokenSerial,
    subject: info.subject,
    suite: info.suite,
    encryption: act.delivery
      ? { serial: act.delivery.encSerial, certDer: new Uint8Array(Buffer.from(act.delivery.encCertificate, "base64")), envelopeDer: act.delivery.envelope ? new Uint8Array(Buffer.from(act.delivery.envelope, "base64")) : null }
      : null,
  };
}
