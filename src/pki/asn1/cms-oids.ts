/** Object identifiers used by the CMS code (RFC 5652/5083/5084/5753/3560, GM/T 0010). */
export const CMS_OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  envelopedData: "1.2.840.113549.1.7.3",
  digestedData: "1.2.840.113549.1.7.5",
  encryptedData: "1.2.840.113549.1.7.6",
  authEnvelopedData: "1.2.840.113549.1.9.16.1.23",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  // GM/T 0010-2012 content types
  gmData: "1.2.156.10197.6.1.4.2.1",
  gmSignedData: "1.2.156.10197.6.1.4.2.2",
  gmEnvelopedData: "1.2.156.10197.6.1.4.2.3",
  gmSignedAndEnvelopedData: "1.2.156.10197.6.1.4.2.4",
  gmEncryptedData: "1.2.156.10197.6.1.4.2.5",
  // content ciphers
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  aes128Gcm: "2.16.840.1.101.3.4.1.6",
  aes192Gcm: "2.16.840.1.101.3.4.1.26",
  aes256Gcm: "2.16.840.1.101.3.4.1.46",
  sm4Cbc: "1.2.156.10197.1.104.2",
  // key wrap and key agreement (RFC 3394, RFC 5753)
  aes128Wrap: "2.16.840.1.101.3.4.1.5",
  aes192Wrap: "2.16.840.1.101.3.4.1.25",
  aes256Wrap: "2.16.840.1.101.3.4.1.45",
  stdDhSha1Kdf: "1.3.133.16.840.63.0.2",
  cofactorDhSha1Kdf: "1.3.133.16.840.63.0.3",
  stdDhSha224Kdf: "1.3.132.1.11.0",
  stdDhSha256Kdf: "1.3.132.1.11.1",
  stdDhSha384Kdf: "1.3.132.1.11.2",
  stdDhSha512Kdf: "1.3.132.1.11.3",
  cofactorDhSha224Kdf: "1.3.132.1.14.0",
  cofactorDhSha256Kdf: "1.3.132.1.14.1",
  cofactorDhSha384Kdf: "1.3.132.1.14.2",
  cofactorDhSha512Kdf: "1.3.132.1.14.3",
  // key transport
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsaesOaep: "1.2.840.113549.1.1.7",
  mgf1: "1.2.840.113549.1.1.8",
  pSpecified: "1.2.840.113549.1.1.9",
  sm2Encrypt: "1.2.156.10197.1.301.3",
  // keys and digests
  ecPublicKey: "1.2.840.10045.2.1",
  prime256v1: "1.2.840.10045.3.1.7",
  sm2Curve: "1.2.156.10197.1.301",
  sha1: "1.3.14.3.2.26",
  sha224: "2.16.840.1.101.3.4.2.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  sm3: "1.2.156.10197.1.401",
} as const;

export type WebHash = "SHA-1" | "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512";

/** Digest OID → WebCrypto name (SHA-224 is not in WebCrypto; listed so callers can refuse it by name). */
export const HASH_BY_OID: Record<string, WebHash> = {
  [CMS_OID.sha1]: "SHA-1",
  [CMS_OID.sha224]: "SHA-224",
  [CMS_OID.sha256]: "SHA-256",
  [CMS_OID.sha384]: "SHA-384",
  [CMS_OID.sha512]: "SHA-512",
};
