/**
 * One-time enrollment codes the RA hands an applicant (on paper or by SMS):
 * 16 characters of Crockford base32 in groups of four (80 bits), typed
 * case-insensitively with or without dashes; O/I/L read as 0/1/1. Only a
 * hash bound to the grant id is stored: with 80 random bits a fast hash is
 * as safe as a slow one, and wrong guesses are also counted and locked out.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newEnrollmentCode(): string {
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! & 31];
  return out.match(/.{4}/g)!.join("-");
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

export function hashCode(grantId: string, code: string): string {
  return `sha256:${createHash("sha256").update(`landtrade-est\0${grantId}\0${normaliseCode(code)}`).digest("hex")}`;
}

export function codeMatches(grantId: string, code: string, stored: string): boolean {
  const a = Buffer.from(hashCode(grantId, code));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
