/** Digest algorithms by OID (CMS digestAlgorithm, OCSP CertID, TSP imprints). SM3 comes from OpenSSL via node:crypto. */
import { createHash } from "node:crypto";
import { OID, type SuiteId } from "./suite.js";

export const SHA1_OID = "1.3.14.3.2.26";

const NODE_NAME: Record<string, string> = { [SHA1_OID]: "sha1", [OID.sha256]: "sha256", [OID.sm3]: "sm3" };

export const HASH_NAMES: Record<string, string> = { [SHA1_OID]: "SHA-1", [OID.sha256]: "SHA-256", [OID.sm3]: "SM3" };

export const isKnownHash = (oid: string): boolean => oid in NODE_NAME;

/** Digest of `data` under the algorithm `oid`; undefined for an algorithm we do not implement. */
export function digestOf(oid: string, ...data: Uint8Array[]): Uint8Array | undefined {
  const name = NODE_NAME[oid];
  if (!name) return undefined;
  const h = createHash(name);
  for (const d of data) h.update(d);
  return new Uint8Array(h.digest());
}

/** The hash a suite signs with: SHA-256 for ECDSA P-256 and RSA, SM3 for SM2. */
export const suiteHashOid = (suite: SuiteId): string => (suite === "sm2" ? OID.sm3 : OID.sha256);
