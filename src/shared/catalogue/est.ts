/** EST enrollment (RFC 7030) and the RA's one-time enrollment grants. */
import type { ErrorSpec } from "../error-spec.js";

export const EST_ERRORS = {
  EST_AUTH_REQUIRED: {
    status: 401,
    zh: "证书登记需要认证",
    en: "Enrollment needs authentication",
    remedy: {
      zh: "用 HTTP Basic 认证提交：用户名为申请编号，口令为 RA 发给您的一次性登记码。",
      en: "Authenticate with HTTP Basic: the application id as user name and the one-time enrollment code from the RA as password.",
    },
  },
  EST_CREDENTIALS_INVALID: {
    status: 401,
    zh: "申请编号或登记码错误",
    en: "Wrong application id or enrollment code",
    remedy: {
      zh: "核对申请编号与登记码（不区分大小写，可省略连字符）；连续输错多次后登记码将被锁定。",
      en: "Check the application id and the code (case-insensitive, dashes optional); repeated failures lock the code.",
    },
  },
  EST_CODE_EXPIRED: {
    status: 403,
    zh: "登记码已过期，未签发证书",
    en: "The enrollment code has expired; nothing was issued",
    remedy: { zh: "请到 RA 窗口重新领取登记码。", en: "Ask the RA desk for a new enrollment code." },
  },
  EST_CODE_USED: {
    status: 409,
    zh: "登记码已使用过，不能再次登记",
    en: "The enrollment code has already been used",
    cause: { zh: "每个登记码只能签发一张证书；重复提交或他人抢先使用都会出现此错误。", en: "A code issues exactly one certificate; a repeated submission or someone else using it first gives this error." },
    remedy: {
      zh: "若证书不是您本人领取，请立即联系 RA 吊销该证书；否则在“我的证书”中查看已签发的证书。",
      en: "If you did not receive that certificate, contact the RA at once to revoke it; otherwise find it under My certificates.",
    },
  },
  EST_CODE_LOCKED: {
    status: 423,
    zh: "登记码因多次输错已被锁定",
    en: "The enrollment code is locked after repeated wrong attempts",
    remedy: { zh: "请到 RA 窗口重新领取登记码。", en: "Ask the RA desk for a new enrollment code." },
  },
  EST_GRANT_CANCELLED: {
    status: 403,
    zh: "该登记授权已被 RA 撤销",
    en: "The RA has cancelled this enrollment grant",
    remedy: { zh: "联系 RA 了解原因。", en: "Contact the RA for the reason." },
  },
  EST_GRANT_INVALID: {
    status: 400,
    zh: "登记授权内容不合要求",
    en: "The enrollment grant is not valid",
    remedy: {
      zh: "只能为个人签名、企业签名或加密证书创建授权，主体须包含模板要求的项目（如企业的统一社会信用代码）。",
      en: "Grants are for individual-sign, enterprise-sign or encryption profiles, with the subject attributes the profile requires (e.g. the unified social credit code).",
    },
  },
  EST_GRANT_EXISTS: {
    status: 409,
    zh: "该申请已完成登记，不能重新授权",
    en: "This application has already enrolled; it cannot be granted again",
    remedy: { zh: "新证书请走更新或补办流程。", en: "Use a renewal or replacement application for a new certificate." },
  },
  EST_SUITE_MISMATCH: {
    status: 400,
    zh: "证书请求的密钥算法与授权或地址不符",
    en: "The request's key algorithm does not match the grant or the address",
    remedy: {
      zh: "按授权的算法生成密钥（ECDSA P-256 或 SM2），并使用对应的 EST 地址（如 /.well-known/est/sm2/simpleenroll）。",
      en: "Generate the key for the granted suite (ECDSA P-256 or SM2) and use the matching EST path (e.g. /.well-known/est/sm2/simpleenroll).",
    },
  },
  EST_BODY_INVALID: {
    status: 400,
    zh: "请求内容不是 base64 编码的 PKCS#10 证书请求",
    en: "The body is not a base64-encoded PKCS#10 request",
    remedy: { zh: "用 openssl req -outform DER 生成请求后 base64 编码提交。", en: "Create the request with `openssl req -outform DER` and send it base64-encoded." },
  },
  EST_CONTENT_TYPE: {
    status: 415,
    zh: "EST 请求的内容类型必须是 application/pkcs10",
    en: "EST requests must have Content-Type application/pkcs10",
    remedy: { zh: "加上请求头 Content-Type: application/pkcs10。", en: "Send the header `Content-Type: application/pkcs10`." },
  },
  EST_LABEL_UNKNOWN: {
    status: 404,
    zh: "未知的 EST CA 标签",
    en: "Unknown EST CA label",
    remedy: { zh: "可用的标签：ecdsa-p256、sm2、rsa-2048（不带标签即 ecdsa-p256）。", en: "Labels: ecdsa-p256, sm2, rsa-2048 (no label means ecdsa-p256)." },
  },
  EST_CLIENT_CERT_REQUIRED: {
    status: 401,
    zh: "证书更新需要用当前证书认证",
    en: "Renewal needs authentication with the current certificate",
    remedy: {
      zh: "通过 EST 的 HTTPS 端口提交，并出示当前证书（TLS 客户端证书）；或用当前证书的同一密钥签署更新请求。",
      en: "Use the EST HTTPS port presenting the current certificate as TLS client certificate, or sign the renewal request with the current certificate's key.",
    },
  },
  EST_CLIENT_CERT_INVALID: {
    status: 403,
    zh: "当前证书无效，不能用于更新",
    en: "The current certificate is not valid for renewal",
    cause: { zh: "证书不是本系统签发的，或已过期、已吊销、已冻结。", en: "It was not issued here, or it has expired, been revoked or put on hold." },
    remedy: { zh: "证书失效后请到 RA 窗口重新申请。", en: "Once a certificate is no longer valid, apply again at the RA desk." },
  },
  EST_REENROLL_NOT_ALLOWED: {
    status: 403,
    zh: "该证书不能通过 EST 自助更新",
    en: "This certificate cannot be renewed over EST",
    remedy: {
      zh: "签名证书可自助更新；更换密钥须经 HTTPS 客户端证书认证；其他证书请到 RA 办理。",
      en: "Signing certificates renew here; a new key needs TLS client-certificate authentication; other certificates renew at the RA.",
    },
  },
  EST_SERVER_UNREACHABLE: {
    status: 502,
    zh: "无法连接证书登记服务，或其应答无效",
    en: "The enrollment service could not be reached or gave an invalid answer",
    remedy: { zh: "检查网络与服务地址后重试；持续失败请联系技术支持。", en: "Check the network and the service address, then retry; if it persists, contact technical support." },
  },
} as const satisfies Record<string, ErrorSpec>;
