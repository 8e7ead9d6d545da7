/** PKCS#11: the CA's HSM key store and bidders' USB keys (tokens). */
import type { ErrorSpec } from "../error-spec.js";

export const HSM_ERRORS = {
  PKI_ALG_NOT_ON_TOKEN: {
    status: 422,
    zh: "该算法不能在此令牌（HSM / USB Key）上使用",
    en: "This algorithm is not available on the token (HSM / USB key)",
    cause: {
      zh: "令牌的 PKCS#11 模块不提供该算法的机制，例如 SoftHSM2 没有 SM2。",
      en: "The token's PKCS#11 module offers no mechanism for it; SoftHSM2, for example, has no SM2.",
    },
    remedy: {
      zh: "在此令牌上改用 ECDSA P-256（或 RSA-2048）；SM2 密钥请使用支持国密算法的 USB Key 或加密文件密钥库。",
      en: "Use ECDSA P-256 (or RSA-2048) on this token; for SM2 use a USB key with GM/T mechanisms or the encrypted-file key store.",
    },
  },
  PKI_TOKEN_MODULE_UNAVAILABLE: {
    status: 503,
    zh: "无法加载 PKCS#11 模块（令牌驱动）",
    en: "The PKCS#11 module (token driver) could not be loaded",
    cause: { zh: "模块路径错误、驱动未安装或版本不匹配。", en: "Wrong module path, driver not installed, or a mismatched driver version." },
    remedy: {
      zh: "检查模块路径（如 /usr/lib/softhsm/libsofthsm2.so），从网站重新安装 USB Key 驱动。",
      en: "Check the module path (e.g. /usr/lib/softhsm/libsofthsm2.so); reinstall the USB key driver from the website.",
    },
  },
  PKI_TOKEN_NOT_FOUND: {
    status: 503,
    zh: "找不到指定的令牌（插槽或标签不存在）",
    en: "The token was not found (no such slot or label)",
    cause: { zh: "USB Key 未插入、插槽号错误，或 HSM 令牌标签不一致。", en: "The USB key is not plugged in, the slot number is wrong, or the HSM token label differs." },
    remedy: { zh: "插入 USB Key，核对插槽号或令牌标签后重试。", en: "Plug in the USB key and check the slot number or token label." },
  },
  PKI_TOKEN_PIN_INCORRECT: {
    status: 401,
    zh: "令牌 PIN 码错误",
    en: "Wrong token PIN",
    remedy: { zh: "重新输入 PIN 码；多次错误会锁定令牌。", en: "Enter the PIN again; repeated failures lock the token." },
  },
  PKI_TOKEN_PIN_LOCKED: {
    status: 423,
    zh: "令牌 PIN 码已锁定",
    en: "The token PIN is locked",
    remedy: { zh: "携带有效证件到局里解锁或更换 USB Key。", en: "Bring your ID to the bureau to unlock or replace the USB key." },
  },
  PKI_TOKEN_OBJECT_NOT_FOUND: {
    status: 404,
    zh: "令牌上找不到该密钥或证书",
    en: "The key or certificate is not on the token",
    remedy: { zh: "确认插入的是签发证书时使用的 USB Key。", en: "Check that this is the USB key the certificate was enrolled onto." },
  },
  PKI_TOKEN_CERT_MISMATCH: {
    status: 400,
    zh: "证书与令牌上的密钥不匹配",
    en: "The certificate does not belong to the key on the token",
    remedy: { zh: "写入为该 USB Key 上的密钥签发的证书；必要时重新申请。", en: "Store the certificate issued for this key on this USB key; re-enroll if needed." },
  },
  PKI_TOKEN_ERROR: {
    status: 502,
    zh: "令牌返回错误",
    en: "The token returned an error",
    cause: { zh: "PKCS#11 调用失败（错误码见详情），可能是设备故障或驱动问题。", en: "A PKCS#11 call failed (the return value is in the detail): a device or driver fault." },
    remedy: {
      zh: "重新插拔 USB Key 后重试；HSM 故障时切换到备用签发服务器并报修。",
      en: "Re-plug the USB key and retry; for an HSM fault, fail over to the standby issuance server and report it.",
    },
  },
} as const satisfies Record<string, ErrorSpec>;
