/**
 * Algorithm suites. A suite fixes the key type, the signature algorithm and
 * the hash: ECDSA P-256 with SHA-256 (default), RSA-2048 with SHA-256
 * (legacy), SM2 with SM3 per GM/T 0009 / GM/T 0015 (the signer's user ID
 * enters the digest through Z_A).
 */
export const SUITES = ["ecdsa-p256", "rsa-2048", "sm2"] as const;
export type SuiteId = (typeof SUITES)[number];

export const OID = {
  ecPublicKey: "1.2.840.10045.2.1",
  prime256v1: "1.2.840.10045.3.1.7",
  sm2Curve: "1.2.156.10197.1.301",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  sm2WithSm3: "1.2.156.10197.1.501",
  sha256: "2.16.840.1.101.3.4.2.1",
  sm3: "1.2.156.10197.1.401",
} as const;

/** GM/T 0009 default signer ID. */
export const SM2_DEFAULT_ID = "1234567812345678";

export interface SignatureAlgorithm {
  /** OID of the signature algorithm as it appears in certificates, CRLs, OCSP, CMS. */
  oid: string;
  /** RSA's AlgorithmIdentifier carries NULL parameters; ECDSA and SM2 carry none. */
  nullParams: boolean;
  /** Digest algorithm OID paired with it (CMS digestAlgorithm, OCSP CertID, TSP imprints). */
  hashOid: string;
}

export const SIGNATURE_ALGORITHMS: Record<SuiteId, SignatureAlgorithm> = {
  "ecdsa-p256": { oid: OID.ecdsaWithSha256, nullParams: false, hashOid: OID.sha256 },
  "rsa-2048": { oid: OID.sha256WithRsa, nullParams: true, hashOid: OID.sha256 },
  sm2: { oid: OID.sm2WithSm3, nullParams: false, hashOid: OID.sm3 },
};

/**
 * Something that signs with a private key it never reveals (file key store,
 * PKCS#11 token/HSM). `sign` takes the full message (not a digest) and returns
 * the signature exactly as it goes into a BIT STRING / OCTET STRING of an
 * X.509, CRL, OCSP or CMS structure: DER SEQUENCE{r,s} for ECDSA and SM2, the
 * raw PKCS#1 v1.5 block for RSA.
 */
export interface Signer {
  readonly suite: SuiteId;
  /** DER SubjectPublicKeyInfo of the key. */
  readonly spki: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}
