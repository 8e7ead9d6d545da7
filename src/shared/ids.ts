import { createHash, randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

/** A random secret token for cookies and one-time codes (256 bits, base64url). */
export const newToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

export const tokenDigest = (token: string): string => createHash("sha256").update(token).digest("hex");
