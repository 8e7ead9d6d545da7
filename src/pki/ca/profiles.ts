/**
 * Certificate profiles: what each kind of certificate may contain. The lint
 * checks every to-be-signed certificate against its profile before signing.
 */
import { KeyUsageFlags, id_kp_clientAuth, id_kp_emailProtection, id_kp_OCSPSigning, id_kp_serverAuth, id_kp_timeStamping } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";

export const PROFILE_IDS = ["root-ca", "sub-ca", "individual-sign", "enterprise-sign", "encryption", "server-tls", "ocsp-signer", "tsa"] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface Profile {
  id: ProfileId;
  zh: string;
  isCa: boolean;
  pathLen?: number;
  /** Key usage bits for signature keys (ECDSA, SM2) and for RSA keys where they differ. */
  keyUsage: KeyUsageFlags;
  keyUsageRsa?: KeyUsageFlags;
  eku?: string[];
  ekuCritical?: boolean;
  validityDays: number;
  /** CRL distribution point and AIA (OCSP + caIssuers) URLs; not in self-signed roots. */
  revocationPointers: boolean;
  ocspNoCheck?: boolean;
  /** Needs DNS names in subjectAltName. */
  requiresDnsSan?: boolean;
  /** Subject attributes that must be present. */
  requiredSubject: string[];
  /** May an administrator issue it with `landtrade ca issue`? RA profiles are issued from vetted RA data only. */
  adminIssuable: boolean;
}

const F = KeyUsageFlags;

export const PROFILES: Record<ProfileId, Profile> = {
  "root-ca": { id: "root-ca", zh: "根CA", isCa: true, keyUsage: F.keyCertSign | F.cRLSign, validityDays: 20 * 365, revocationPointers: false, requiredSubject: ["CN", "O"], adminIssuable: false },
  "sub-ca": { id: "sub-ca", zh: "子CA", isCa: true, pathLen: 0, keyUsage: F.keyCertSign | F.cRLSign, validityDays: 10 * 365, revocationPointers: true, requiredSubject: ["CN", "O"], adminIssuable: false },
  "individual-sign": {
    id: "individual-sign",
    zh: "个人签名证书",
    isCa: false,
    keyUsage: F.digitalSignature | F.nonRepudiation,
    eku: [id_kp_clientAuth, id_kp_emailProtection],
    validityDays: 2 * 365,
    revocationPointers: true,
    requiredSubject: ["CN"],
    adminIssuable: false,
  },
  "enterprise-sign": {
    id: "enterprise-sign",
    zh: "企业签名证书",
    isCa: false,
    keyUsage: F.digitalSignature | F.nonRepudiation,
    eku: [id_kp_clientAuth, id_kp_emailProtection],
    validityDays: 2 * 365,
    revocationPointers: true,
    // organizationIdentifier carries the unified social credit code (统一社会信用代码).
    requiredSubject: ["CN", "O", "organizationIdentifier"],
    adminIssuable: false,
  },
  encryption: {
    id: "encryption",
    zh: "加密证书",
    isCa: false,
    keyUsage: F.keyAgreement | F.dataEncipherment,
    keyUsageRsa: F.keyEncipherment | F.dataEncipherment,
    eku: [id_kp_emailProtection],
    validityDays: 2 * 365,
    revocationPointers: true,
    requiredSubject: ["CN"],
    adminIssuable: false,
  },
  "server-tls": {
    id: "server-tls",
    zh: "服务器证书",
    isCa: false,
    keyUsage: F.digitalSignature,
    keyUsageRsa: F.digitalSignature | F.keyEncipherment,
    eku: [id_kp_serverAuth],
    validityDays: 397,
    revocationPointers: true,
    requiresDnsSan: true,
    requiredSubject: ["CN"],
    adminIssuable: true,
  },
  "ocsp-signer": {
    id: "ocsp-signer",
    zh: "OCSP 签名证书",
    isCa: false,
    keyUsage: F.digitalSignature,
    eku: [id_kp_OCSPSigning],
    ekuCritical: true,
    validityDays: 365,
    revocationPointers: false,
    ocspNoCheck: true,
    requiredSubject: ["CN"],
    adminIssuable: true,
  },
  tsa: {
    id: "tsa",
    zh: "时间戳证书",
    isCa: false,
    keyUsage: F.digitalSignature | F.nonRepudiation,
    eku: [id_kp_timeStamping],
    ekuCritical: true,
    validityDays: 5 * 365,
    revocationPointers: true,
    requiredSubject: ["CN"],
    adminIssuable: true,
  },
};

export function profileById(id: string): Profile {
  if (!(PROFILE_IDS as readonly string[]).includes(id)) throw new AppError("PKI_PROFILE_UNKNOWN", { detail: `${id}; known: ${PROFILE_IDS.join(", ")}` });
  return PROFILES[id as ProfileId];
}
