/**
 * The EST client of the browser token (RFC 7030 simpleenroll): base64
 * PKCS#10 in, base64 PKCS#7 certs-only out, HTTP Basic with the application
 * id and the one-time enrollment code the RA handed out.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { ContentInfo, SignedData } from "@peculiar/asn1-cms";
import { ab, fromBase64, toBase64 } from "./bytes.ts";

export interface EstProblem {
  code: string;
  status: number;
  messageZh: string;
  messageEn: string;
  detail?: string;
}

export class EstError extends Error {
  constructor(readonly problem: EstProblem) {
    super(`${problem.code}: ${problem.messageEn}`);
  }
}

export const basicAuth = (id: string, code: string): string => `Basic ${btoa(unescape(encodeURIComponent(`${id}:${code}`)))}`;

/** The certificates inside a certs-only PKCS#7 (base64 or DER). */
export function certsOfPkcs7(body: string | Uint8Array): Uint8Array[] {
  const der = typeof body === "string" ? fromBase64(body) : body;
  const ci = AsnConvert.parse(ab(der), ContentInfo);
  const sd = AsnConvert.parse(ci.content, SignedData);
  return (sd.certificates ?? []).filter((c) => c.certificate).map((c) => new Uint8Array(AsnConvert.serialize(c.certificate!)));
}

export async function simpleEnroll(opts: { base?: string; suite: string; id: string; code: string; csr: Uint8Array }): Promise<Uint8Array> {
  const res = await fetch(`${opts.base ?? ""}/.well-known/est/${opts.suite}/simpleenroll`, {
    method: "POST",
    headers: { "content-type": "application/pkcs10", "content-transfer-encoding": "base64", authorization: basicAuth(opts.id, opts.code) },
    body: toBase64(opts.csr),
  });
  const text = await res.text();
  if (!res.ok) {
    let p: EstProblem;
    try {
      p = JSON.parse(text) as EstProblem;
    } catch {
      p = { code: "CLIENT_BAD_RESPONSE", status: res.status, messageZh: "", messageEn: "", detail: text.slice(0, 200) };
    }
    throw new EstError(p);
  }
  const certs = certsOfPkcs7(text);
  if (!certs.length) throw new EstError({ code: "CLIENT_BAD_RESPONSE", status: res.status, messageZh: "", messageEn: "", detail: "no certificate in the EST answer" });
  return certs[0]!;
}
