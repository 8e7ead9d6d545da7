import { randomBytes } from "node:crypto";

/**
 * A 128-bit random serial as the minimal DER INTEGER content (positive: a
 * leading 0x00 only when the top bit is set), and its lower-case hex, which
 * is how serials are stored and looked up (OCSP CertID, CRL entries).
 */
export function randomSerial(): { bytes: Uint8Array; hex: string } {
  let r = randomBytes(16);
  let i = 0;
  while (i < r.length - 1 && r[i] === 0) i++;
  r = r.subarray(i);
  const bytes = r[0]! & 0x80 ? Buffer.concat([Buffer.of(0), r]) : Buffer.from(r);
  return { bytes: new Uint8Array(bytes), hex: bytes.toString("hex") };
}

/** Normalises user input (colons, spaces, upper case, a 0x prefix) to the stored hex form. */
export function normaliseSerial(input: string): string {
  let h = input.trim().toLowerCase().replace(/^0x/, "").replace(/[\s:]/g, "");
  if (!/^[0-9a-f]+$/.test(h)) return "";
  if (h.length % 2) h = `0${h}`;
  while (h.length > 2 && h.startsWith("00") && Number.parseInt(h.slice(2, 3), 16) < 8) h = h.slice(2);
  return h;
}
