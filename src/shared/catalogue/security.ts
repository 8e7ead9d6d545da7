/**
 * Security service (安全应用支持服务): certificate validation and, later,
 * sign/verify and encrypt/decrypt. The support desk shows each code as a
 * knowledge-base article, so every code has a cause and a remedy.
 */
import type { ErrorSpec } from "../error-spec.js";

export const SECURITY_ERRORS = {
  SEC_CERT_MALFORMED: {
    status: 400,
    zh: "证书格式错误，无法解析",
    en: "The certificate is malformed and cannot be read",
    cause: { zh: "提交的内容不是 X.509 证书（PEM 或 DER），或在传输中被截断、改动。", en: "The input is not an X.509 certificate (PEM or DER), or it was truncated or altered in transit." },
    remedy: { zh: "从 USB Key 重新导出证书后再试；仍失败请联系技术支持。", en: "Export the certificate from the USB key again; if it still fails, contact technical support." },
  },
  SEC_CHAIN_UNTRUSTED: {
    status: 403,
    zh: "证书不是受信任的 CA 签发的",
    en: "The certificate was not issued by a trusted CA",
    cause: {
      zh: "找不到通往本系统根 CA 或已导入的外部 CA 的证书链：证书来自未知 CA，或缺少中间 CA 证书。",
      en: "No chain leads to our root CA or an imported external CA: the issuer is unknown, or an intermediate CA certificate is missing.",
    },
    remedy: {
      zh: "使用本局签发的证书；原有 CA 的证书需由 RA 管理员先导入该 CA 证书链。",
      en: "Use a certificate issued by the bureau; for an existing CA's certificates, an RA administrator must import that CA's chain first.",
    },
  },
  SEC_SIG_INVALID: {
    status: 400,
    zh: "证书签名验证失败",
    en: "A certificate signature does not verify",
    cause: { zh: "证书或其 CA 证书被篡改，或签发者密钥不匹配（伪造证书）。", en: "The certificate or a CA certificate was altered, or the issuer key does not match (a forged certificate)." },
    remedy: { zh: "不要使用该证书；请到 RA 窗口核实并重新办理。", en: "Do not use this certificate; have it checked at the RA desk and re-issued." },
  },
  SEC_ALG_UNSUPPORTED: {
    status: 400,
    zh: "证书使用了不支持或已不安全的算法",
    en: "The certificate uses an unsupported or no longer secure algorithm",
    cause: {
      zh: "支持 ECDSA（P-256/P-384/P-521）配 SHA-2、RSA（至少 2048 位）配 SHA-2、SM2 配 SM3；SHA-1、MD5、短 RSA 密钥等不被接受。",
      en: "Supported: ECDSA (P-256/P-384/P-521) with SHA-2, RSA (2048 bits or more) with SHA-2, SM2 with SM3; SHA-1, MD5 and short RSA keys are refused.",
    },
    remedy: { zh: "申请使用 ECDSA P-256 或 SM2 的新证书。", en: "Apply for a new certificate with ECDSA P-256 or SM2." },
  },
  SEC_CERT_EXPIRED: {
    status: 403,
    zh: "证书已过期",
    en: "The certificate has expired",
    cause: { zh: "验证时间晚于证书（或其 CA 证书）的有效期截止时间。", en: "The validation time is after the end of the certificate's (or a CA certificate's) validity." },
    remedy: { zh: "到期前可自助更新；已过期请到 RA 窗口办理更新。", en: "Renew before expiry yourself; once expired, renew at the RA desk." },
  },
  SEC_CERT_NOT_YET_VALID: {
    status: 403,
    zh: "证书尚未生效",
    en: "The certificate is not valid yet",
    cause: { zh: "验证时间早于证书的生效时间，常见原因是客户端或服务器时钟不准。", en: "The validation time is before the certificate's start, usually because a client or server clock is wrong." },
    remedy: { zh: "校准计算机时间后重试；新签发的证书可稍后再用。", en: "Correct the computer's clock and retry; a just-issued certificate may need a few minutes." },
  },
  SEC_CERT_REVOKED: {
    status: 403,
    zh: "证书已被吊销",
    en: "The certificate has been revoked",
    cause: { zh: "签发 CA 已吊销该证书（如密钥泄露、USB Key 丢失或损坏、信息变更）。", en: "The issuing CA revoked it (e.g. key compromise, a lost or damaged USB key, changed details)." },
    remedy: { zh: "吊销不可恢复；请携带有效证件到 RA 窗口申请新证书。", en: "Revocation is final; apply for a new certificate at the RA desk with your ID." },
  },
  SEC_CERT_ON_HOLD: {
    status: 403,
    zh: "证书已被冻结",
    en: "The certificate is on hold (suspended)",
    cause: { zh: "RA 暂时冻结了该证书（certificateHold），例如挂失期间。", en: "The RA suspended it (certificateHold), e.g. while a key is reported missing." },
    remedy: { zh: "找回 USB Key 后到 RA 窗口申请解冻；确认丢失请申请吊销并补办。", en: "If the key is found, ask the RA to release the hold; if it is lost, have it revoked and replaced." },
  },
  SEC_CERT_UNKNOWN: {
    status: 403,
    zh: "签发 CA 没有该证书的记录",
    en: "The issuing CA has no record of this certificate",
    cause: {
      zh: "证书由本系统 CA 的密钥签名，但签发记录中没有它，或外部 CA 的 OCSP 报告“未知”；可能是伪造或数据被篡改。",
      en: "It is signed by one of our CA keys but absent from the issuance records, or an external CA's OCSP says 'unknown': possibly forged or tampered data.",
    },
    remedy: { zh: "不要使用该证书，并立即联系技术支持（安全事件）。", en: "Do not use the certificate and contact technical support at once (security incident)." },
  },
  SEC_CERT_USAGE_INVALID: {
    status: 403,
    zh: "证书用途或约束不符",
    en: "The certificate's usage or constraints do not allow this",
    cause: {
      zh: "密钥用途、扩展密钥用途、基本约束或路径长度不允许此用途，或含有无法识别的关键扩展。",
      en: "Key usage, extended key usage, basic constraints or path length forbid this use, or an unrecognised critical extension is present.",
    },
    remedy: { zh: "使用对应用途的证书（如登录与投标用签名证书）。", en: "Use the certificate meant for this purpose (e.g. the signing certificate for login and bids)." },
  },
  SEC_REVOCATION_UNAVAILABLE: {
    status: 503,
    zh: "无法确认证书吊销状态",
    en: "The certificate's revocation status cannot be determined",
    cause: {
      zh: "外部 CA 的 OCSP 服务和 CRL 都无法访问、应答无效或已过时，且策略要求必须确认（硬失败）。",
      en: "The external CA's OCSP responder and CRL were unreachable, invalid or stale, and policy requires a status (hard-fail).",
    },
    remedy: {
      zh: "稍后重试；持续发生时由运维检查网络与外部 CA 服务，必要时按应急预案调整吊销检查策略。",
      en: "Retry later; if it persists, operations should check the network and the external CA's services, and adjust the revocation policy per the emergency plan.",
    },
  },
} as const satisfies Record<string, ErrorSpec & { cause: object; remedy: object }>;

export type SecurityErrorCode = keyof typeof SECURITY_ERRORS;
