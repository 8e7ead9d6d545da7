/** PKI: CA, CSR, keys, revocation, CRL, OCSP, TSA, EST. */
import type { ErrorSpec } from "../error-spec.js";

export const PKI_ERRORS = {
  PKI_SUITE_UNKNOWN: {
    status: 400,
    zh: "未知的算法套件",
    en: "Unknown algorithm suite",
    remedy: { zh: "使用 ecdsa-p256、rsa-2048 或 sm2。", en: "Use ecdsa-p256, rsa-2048 or sm2." },
  },
  PKI_PROFILE_UNKNOWN: { status: 400, zh: "未知的证书模板", en: "Unknown certificate profile", remedy: { zh: "使用已定义的证书模板。", en: "Use one of the defined profiles." } },
  PKI_PROFILE_NOT_ALLOWED: {
    status: 403,
    zh: "该证书模板不能通过此途径签发",
    en: "This profile cannot be issued this way",
    remedy: { zh: "个人/企业/加密证书只能经 RA 审核后签发。", en: "Personal, enterprise and encryption certificates are issued only through vetted RA applications." },
  },
  PKI_CA_NOT_INITIALISED: {
    status: 503,
    zh: "该算法套件的 CA 尚未建立",
    en: "No CA has been set up for this suite",
    remedy: { zh: "运行 landtrade ca init --suite <套件>。", en: "Run `landtrade ca init --suite <suite>`." },
  },
  PKI_CA_EXISTS: { status: 409, zh: "该算法套件的 CA 已存在", en: "A CA already exists for this suite", remedy: { zh: "用 landtrade ca list 查看。", en: "See `landtrade ca list`." } },
  PKI_INPUT_TOO_LARGE: { status: 413, zh: "证书请求或编码数据过大", en: "The encoded input is too large", remedy: { zh: "输入不得超过 64 KiB。", en: "Inputs are limited to 64 KiB." } },
  PKI_CSR_INVALID: {
    status: 400,
    zh: "证书请求（PKCS#10）格式错误",
    en: "The certificate request (PKCS#10) is malformed",
    remedy: { zh: "重新生成证书请求（PEM 或 DER）。", en: "Generate the request again (PEM or DER)." },
  },
  PKI_CSR_SIGNATURE_INVALID: {
    status: 400,
    zh: "证书请求签名无效（无法证明持有私钥）",
    en: "The request's signature does not verify (no proof of possession)",
    remedy: { zh: "用与公钥匹配的私钥重新签署请求；SM2 请使用默认用户标识。", en: "Sign the request with the matching private key; for SM2 use the default user ID." },
  },
  PKI_KEY_UNSUPPORTED: {
    status: 400,
    zh: "不支持的公钥算法或曲线",
    en: "Unsupported public key algorithm or curve",
    remedy: { zh: "使用 ECDSA P-256、SM2 或 RSA（2048–4096 位）密钥。", en: "Use an ECDSA P-256, SM2 or RSA (2048–4096 bit) key." },
  },
  PKI_KEY_TOO_WEAK: {
    status: 400,
    zh: "密钥强度不足（RSA 少于 2048 位）",
    en: "The key is too weak (RSA shorter than 2048 bits)",
    remedy: { zh: "生成至少 2048 位的 RSA 密钥，或改用 ECDSA P-256 / SM2。", en: "Generate an RSA key of at least 2048 bits, or use ECDSA P-256 / SM2." },
  },
  PKI_KEY_ALREADY_CERTIFIED: {
    status: 409,
    zh: "该公钥已为其他主体签发过证书",
    en: "This public key is already certified to another subject",
    remedy: { zh: "为新证书生成新的密钥对。", en: "Generate a new key pair for the new certificate." },
  },
  PKI_LINT_FAILED: {
    status: 500,
    zh: "待签发证书未通过签发前检查，未签发",
    en: "The to-be-signed certificate failed the pre-issuance lint and was not signed",
    remedy: { zh: "联系技术支持，并附上请求编号。", en: "Contact technical support with the request id." },
  },
  PKI_CERT_NOT_FOUND: { status: 404, zh: "证书不存在", en: "No such certificate" },
  PKI_REVOCATION_INVALID: {
    status: 409,
    zh: "无法执行该吊销或冻结操作",
    en: "That revocation or hold change is not possible",
    remedy: { zh: "已吊销的证书不能恢复；只有冻结（certificateHold）的证书可以解冻。", en: "Revoked certificates stay revoked; only a certificate on hold can be released." },
  },
  PKI_KEY_NOT_FOUND: {
    status: 500,
    zh: "密钥库中找不到该密钥",
    en: "The key is not in the key store",
    remedy: { zh: "检查密钥目录或 HSM 令牌是否为签发时使用的那一个。", en: "Check that the key directory or HSM token is the one the key was created in." },
  },
  PKI_KEY_STORE_UNAVAILABLE: {
    status: 503,
    zh: "密钥库不可用（口令错误、文件损坏或 HSM 无响应）",
    en: "The key store is unavailable (wrong passphrase, damaged file or HSM not answering)",
    remedy: { zh: "检查密钥口令配置与 HSM 状态；必要时切换到备用签发服务器。", en: "Check the key passphrase and the HSM; fail over to the standby issuance server if needed." },
  },
} as const satisfies Record<string, ErrorSpec>;
