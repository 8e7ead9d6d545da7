/** External trust: chains of existing CAs imported so their users' certificates keep working. */
import type { ErrorSpec } from "../error-spec.js";

export const TRUST_ERRORS = {
  PKI_EXTERNAL_CA_INVALID: {
    status: 400,
    zh: "导入的 CA 证书链无效",
    en: "The CA chain to import is not valid",
    cause: {
      zh: "文件中没有证书、含有非 CA 证书、证书链签名不成立，或证书已过期。",
      en: "The file holds no certificates, holds a non-CA certificate, a chain signature does not verify, or a certificate has expired.",
    },
    remedy: { zh: "向原 CA 索取完整的 PEM 格式 CA 证书链（根 CA 与中间 CA）。", en: "Ask the existing CA for its complete CA chain (root and intermediates) in PEM." },
  },
  PKI_EXTERNAL_CA_EXISTS: {
    status: 409,
    zh: "这些 CA 证书都已导入或是本系统自己的 CA",
    en: "These CA certificates are already imported or are our own CAs",
    remedy: { zh: "用 GET /api/pki/external-cas 查看已导入的 CA。", en: "See GET /api/pki/external-cas for what is imported." },
  },
} as const satisfies Record<string, ErrorSpec>;
