/**
 * Security service (安全应用支持服务) and client SDK (安全中间件): the seed's
 * "middleware interface returns error codes" made explicit. Every code has a
 * cause and a remedy in both languages; the support desk shows each one as a
 * knowledge-base article, so write them for the person at the service desk.
 *
 * Shared with pki-enroll (certificate validation codes): keep one copy of
 * each code when merging.
 */
import type { ErrorSpec } from "../error-spec.js";

export const SECURITY_ERRORS = {
  SEC_FUNCTION_UNKNOWN: {
    status: 404,
    zh: "安全服务没有这个接口函数",
    en: "The security service has no such interface function",
    cause: {
      zh: "客户端（安全中间件/SDK）调用了服务器不提供的函数：客户端版本比服务器新，或函数名拼写错误。",
      en: "The client (SDK / middleware) called a function the server does not offer: the client is newer than the server, or the name is misspelt.",
    },
    remedy: {
      zh: "查看 GET /api/security/functions 返回的函数清单与版本；升级服务器或使用与服务器版本匹配的 SDK。",
      en: "Check the function list and versions from GET /api/security/functions; upgrade the server or use an SDK that matches its version.",
    },
  },
  SEC_CMS_MALFORMED: {
    status: 400,
    zh: "签名或加密数据（CMS/PKCS#7）格式错误",
    en: "The signed or encrypted data (CMS / PKCS#7) is malformed",
    cause: {
      zh: "数据被截断、损坏，或根本不是 CMS 结构（例如上传了原文而不是 .p7s/.p7m 文件，或 Base64 解码错误）。",
      en: "The data is truncated, damaged, or not CMS at all (for example the original document was sent instead of the .p7s/.p7m file, or Base64 was decoded wrongly).",
    },
    remedy: {
      zh: "重新导出签名/加密文件（DER 或 PEM），确认传输过程中未被改动后重试。",
      en: "Export the signed/encrypted file again (DER or PEM), make sure nothing altered it in transit, and retry.",
    },
  },
  SEC_CONTENT_TYPE_WRONG: {
    status: 400,
    zh: "CMS 内容类型不符合该操作",
    en: "The CMS content type does not fit this operation",
    cause: {
      zh: "例如把加密信封（EnvelopedData）送去验签，或把签名数据（SignedData）送去解密。",
      en: "For example an envelope (EnvelopedData) was sent to verify, or signed data (SignedData) was sent to decrypt.",
    },
    remedy: {
      zh: "验签请提交 .p7s/签名数据，解密请提交 .p7m/数字信封。",
      en: "Send .p7s / signed data to verify and .p7m / envelopes to decrypt.",
    },
  },
  SEC_PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: "提交给安全服务的数据超过上限",
    en: "The data sent to the security service exceeds the limit",
    cause: {
      zh: "单次签名、验签、加密或解密的数据大小有上限，以保证高并发时的服务稳定。",
      en: "Each sign, verify, encrypt or decrypt call has a size limit so the service stays stable under heavy load.",
    },
    remedy: {
      zh: "大文件请先计算摘要再签名（分离式签名），或分块处理；上限见 GET /api/security/functions。",
      en: "For large files sign a digest (detached signature) or split the data; the limit is listed by GET /api/security/functions.",
    },
  },
  SEC_ALG_UNSUPPORTED: {
    status: 400,
    zh: "不支持的密码算法",
    en: "Unsupported cryptographic algorithm",
    cause: {
      zh: "数据使用了本系统不支持的签名、摘要、密钥交换或对称加密算法（例如 SHA-1 签名、3DES 或未知曲线）。",
      en: "The data uses a signature, digest, key-agreement or cipher algorithm this system does not support (for example SHA-1 signatures, 3DES or an unknown curve).",
    },
    remedy: {
      zh: "使用 ECDSA P-256 + SHA-256 + AES、SM2 + SM3 + SM4 或 RSA-2048 + SHA-256 算法套件重新生成。",
      en: "Produce it again with ECDSA P-256 + SHA-256 + AES, SM2 + SM3 + SM4, or RSA-2048 + SHA-256.",
    },
  },
  SEC_DECRYPT_FAILED: {
    status: 422,
    zh: "解密失败",
    en: "Decryption failed",
    cause: {
      zh: "数字信封中的密钥无法用持有的私钥解开，或密文被改动（完整性校验失败）。",
      en: "The key in the envelope does not open with the held private key, or the ciphertext was altered (integrity check failed).",
    },
    remedy: {
      zh: "确认信封是发给该证书的、文件完整；仍失败请让发送方重新加密。",
      en: "Check that the envelope was made for this certificate and the file is complete; if it still fails, ask the sender to encrypt again.",
    },
  },
  SEC_KEY_NOT_HELD: {
    status: 422,
    zh: "没有可解开此信封的私钥",
    en: "No key held here can open this envelope",
    cause: {
      zh: "信封的接收者中没有本服务（或托管库）持有私钥的证书。",
      en: "None of the envelope's recipients is a certificate whose private key this service (or the escrow) holds.",
    },
    remedy: {
      zh: "让发送方用正确的加密证书重新加密；若需用托管密钥解密，按托管密钥恢复流程申请。",
      en: "Ask the sender to encrypt to the right encryption certificate; to use an escrowed key, apply through the key-recovery procedure.",
    },
  },
  SEC_RECIPIENT_UNSUITABLE: {
    status: 400,
    zh: "接收者证书不能用于加密",
    en: "A recipient certificate cannot be used for encryption",
    cause: {
      zh: "证书的密钥用法不允许加密（例如签名证书），或 SM2 与其他算法的证书混在同一个信封里。",
      en: "The certificate's key usage does not allow encryption (for example a signing certificate), or SM2 and non-SM2 certificates were mixed in one envelope.",
    },
    remedy: {
      zh: "使用对方的加密证书（双证书中的加密证书）；SM2 与 ECDSA/RSA 接收者请分别加密。",
      en: "Use the recipient's encryption certificate (the encryption half of a dual certificate); encrypt separately for SM2 and for ECDSA/RSA recipients.",
    },
  },
  SEC_TOKEN_UNAVAILABLE: {
    status: 503,
    zh: "无法访问证书介质（USBKey 或浏览器软证书）",
    en: "The certificate token (USB key or browser soft token) cannot be reached",
    cause: {
      zh: "USBKey 未插入、驱动未安装、PIN 错误，或浏览器中的软证书已被清除。",
      en: "The USB key is not inserted, its driver is missing, the PIN is wrong, or the browser's soft token was cleared.",
    },
    remedy: {
      zh: "插入 USBKey 并安装网站提供的驱动；软证书被清除时需到 RA 重新申请证书。",
      en: "Insert the USB key and install the driver from the website; if the soft token was cleared, apply to the RA for a new certificate.",
    },
  },
  SEC_TOKEN_KEY_NOT_FOUND: {
    status: 404,
    zh: "证书介质中没有指定的密钥或证书",
    en: "The token holds no such key or certificate",
    cause: {
      zh: "指定的密钥标识不在 USBKey/软证书中，或证书尚未写入介质。",
      en: "The key id is not on the USB key / soft token, or the certificate was never written to it.",
    },
    remedy: {
      zh: "列出介质中的证书后选择正确的一张；如证书缺失，请联系 RA 重新下载。",
      en: "List the certificates on the token and pick the right one; if the certificate is missing, ask the RA to deliver it again.",
    },
  },
  SEC_SIGNER_UNKNOWN: {
    status: 400,
    zh: "签名数据中找不到签名者证书",
    en: "The signer's certificate is not in the signed data",
    cause: {
      zh: "签名数据未附带签名者证书，且调用方也没有提供。",
      en: "The signed data does not carry the signer's certificate and the caller did not supply it.",
    },
    remedy: {
      zh: "签名时包含签名证书，或验签时一并提交签名者证书。",
      en: "Include the signing certificate when signing, or send the signer's certificate with the verify request.",
    },
  },
  SEC_CONTENT_MISSING: {
    status: 400,
    zh: "分离式签名缺少原文",
    en: "A detached signature was sent without its content",
    cause: {
      zh: "签名文件（.p7s）是分离式的，不包含原文；验签需要同时提交原文。",
      en: "The .p7s is detached and does not contain the document; verifying it needs the document too.",
    },
    remedy: {
      zh: "同时提交签名文件与原文件。",
      en: "Send the signature file together with the original file.",
    },
  },
  SEC_KEY_ESCROW_DENIED: {
    status: 403,
    zh: "不允许使用托管密钥解密",
    en: "Decryption with an escrowed key is not permitted",
    cause: {
      zh: "托管的加密私钥只能在已批准的密钥恢复或司法取证申请下使用。",
      en: "Escrowed encryption keys may only be used under an approved key-recovery or judicial request.",
    },
    remedy: {
      zh: "先通过 RA 提交并获批密钥恢复申请，再引用其编号解密。",
      en: "Have a key-recovery request approved through the RA first, then decrypt citing its id.",
    },
  },
  SEC_SIG_INVALID: {
    status: 422,
    zh: "签名无效",
    en: "The signature is not valid",
    cause: {
      zh: "签名与数据不符：数据在签名后被改动、签名被截断，或签名者证书与签名的私钥不对应。",
      en: "The signature does not match the data: the data changed after signing, the signature was truncated, or the certificate does not belong to the signing key.",
    },
    remedy: {
      zh: "取得原始文件与原始签名重新验证；若确认被改动，视为无效文件处理。",
      en: "Verify again with the original file and signature; if the data was altered, treat the document as invalid.",
    },
  },
  // ---- certificate validation (shared with pki-enroll's validator; keep one copy on merge) ----
  SEC_CHAIN_UNTRUSTED: {
    status: 422,
    zh: "证书不是由受信任的 CA 签发",
    en: "The certificate does not chain to a trusted CA",
    cause: {
      zh: "签发该证书的 CA 不在本系统的信任列表中（既不是本局根CA/子CA，也不是已导入的外部 CA），或证书链不完整。",
      en: "The issuing CA is not trusted here (neither the bureau's root/sub-CA nor an imported external CA), or the chain is incomplete.",
    },
    remedy: {
      zh: "使用本局 RA 签发的证书；若是其他 CA 的证书，请管理员导入该 CA 的证书链。",
      en: "Use a certificate issued through the bureau's RA; for another CA's certificate, have an administrator import that CA's chain.",
    },
  },
  SEC_CERT_EXPIRED: {
    status: 422,
    zh: "证书已过期",
    en: "The certificate has expired",
    cause: { zh: "在所检查的时间点，证书已超过有效期截止时间。", en: "At the time checked, the certificate was past its notAfter date." },
    remedy: { zh: "到 RA 办理证书更新后重试。", en: "Renew the certificate at the RA and retry." },
  },
  SEC_CERT_NOT_YET_VALID: {
    status: 422,
    zh: "证书尚未生效",
    en: "The certificate is not yet valid",
    cause: { zh: "所检查的时间早于证书的生效时间，常见于客户端电脑时间不准。", en: "The time checked is before the certificate's notBefore date; often the client computer's clock is wrong." },
    remedy: { zh: "校准电脑时间；如刚签发，请稍后再试。", en: "Correct the computer's clock; if the certificate was just issued, retry shortly." },
  },
  SEC_CERT_REVOKED: {
    status: 422,
    zh: "证书已被吊销",
    en: "The certificate has been revoked",
    cause: {
      zh: "签发 CA 已吊销该证书（例如 USBKey 遗失、损坏或信息变更），在所检查的时间点之前生效。",
      en: "The issuing CA revoked the certificate (for example a lost or damaged USB key, or changed details) before the time checked.",
    },
    remedy: { zh: "到 RA 申请新证书；吊销前已加盖可信时间戳的签名仍然有效。", en: "Apply to the RA for a new certificate; signatures timestamped before the revocation remain valid." },
  },
  SEC_CERT_ON_HOLD: {
    status: 422,
    zh: "证书已被冻结",
    en: "The certificate is on hold",
    cause: { zh: "证书被临时冻结（certificateHold），解冻前不能使用。", en: "The certificate was suspended (certificateHold) and cannot be used until released." },
    remedy: { zh: "联系 RA 办理解冻，或申请新证书。", en: "Ask the RA to release the hold, or apply for a new certificate." },
  },
  SEC_REVOCATION_UNAVAILABLE: {
    status: 503,
    zh: "无法取得证书吊销状态",
    en: "The certificate's revocation status cannot be obtained",
    cause: {
      zh: "OCSP 服务与 CRL 均不可用或已过期，无法确认证书未被吊销（硬失败策略下判为无效）。",
      en: "Neither OCSP nor a current CRL could be reached, so it cannot be confirmed that the certificate is not revoked (invalid under the hard-fail policy).",
    },
    remedy: { zh: "稍后重试；持续出现请通知运维检查 OCSP/CRL 服务与网络。", en: "Retry later; if it persists, ask operations to check the OCSP/CRL services and the network." },
  },
  SEC_TIMESTAMP_INVALID: {
    status: 422,
    zh: "签名所附时间戳无效",
    en: "The signature's timestamp is not valid",
    cause: {
      zh: "时间戳令牌不是针对该签名的、TSA 签名无效，或 TSA 证书不受信任。",
      en: "The timestamp token is not over this signature, its TSA signature does not verify, or the TSA certificate is not trusted.",
    },
    remedy: { zh: "重新签名并申请时间戳；若文件来自他方，请其重新提供。", en: "Sign and timestamp again; if the file came from someone else, ask them to provide it again." },
  },
  SEC_CHALLENGE_INVALID: {
    status: 401,
    zh: "认证挑战无效、已使用或已过期",
    en: "The authentication challenge is unknown, already used or expired",
    cause: { zh: "每个挑战只能使用一次，且有有效期；重放或超时会被拒绝。", en: "Each challenge can be used once and only for a short time; replays and late answers are refused." },
    remedy: { zh: "重新发起证书登录。", en: "Start the certificate login again." },
  },
  // ---- certificate validation: pki-enroll's validator ----
  SEC_CERT_MALFORMED: {
    status: 400,
    zh: "证书格式错误，无法解析",
    en: "The certificate is malformed and cannot be read",
    cause: { zh: "提交的内容不是 X.509 证书（PEM 或 DER），或在传输中被截断、改动。", en: "The input is not an X.509 certificate (PEM or DER), or it was truncated or altered in transit." },
    remedy: { zh: "从 USB Key 重新导出证书后再试；仍失败请联系技术支持。", en: "Export the certificate from the USB key again; if it still fails, contact technical support." },
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
} as const satisfies Record<string, ErrorSpec>;

export type SecurityErrorCode = keyof typeof SECURITY_ERRORS;
