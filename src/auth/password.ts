/**
 * Staff passwords: scrypt (N=2^15, r=8, p=1), a 16-byte salt, stored as
 * `scrypt$N$r$p$salt$hash` so parameters can be raised later without breaking
 * old hashes. Comparison is constant-time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { AppError } from "../shared/errors.js";

const DEFAULT = { N: 1 << 15, r: 8, p: 1 };
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64");
  const key = await scryptAsync(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A fixed hash to compare against when the user does not exist, so timing does not reveal user names. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("landtrade-dummy-password-0");
  return dummyHash;
}

export function assertPasswordStrength(password: string): void {
  const problems: string[] = [];
  if (password.length < 10) problems.push("at least 10 characters");
  if (password.length > 200) problems.push("at most 200 characters");
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push("letters and digits");
  if (problems.length) throw new AppError("PASSWORD_TOO_WEAK", { detail: `needs ${problems.join(", ")}` });
}
