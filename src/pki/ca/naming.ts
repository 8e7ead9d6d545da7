/**
 * Names and URLs of the hierarchy. One hierarchy per suite; CA ids are
 * stable (`ecdsa-p256-root`, `sm2-sub`, …) because they appear in the CRL and
 * caIssuers URLs baked into every certificate.
 */
import type { SuiteId } from "../algs/suite.js";
import type { DnAttr } from "../asn1/names.js";

export const BUREAU = "长沙县国土资源局";

const SUITE_LABEL: Record<SuiteId, string> = { "ecdsa-p256": "ECDSA", "rsa-2048": "RSA", sm2: "SM2" };

export const caIdOf = (suite: SuiteId, kind: "root" | "sub"): string => `${suite}-${kind}`;

export function caSubject(suite: SuiteId, kind: "root" | "sub"): DnAttr[] {
  const cn = kind === "root" ? `${BUREAU}根CA (${SUITE_LABEL[suite]})` : `${BUREAU}子CA (${SUITE_LABEL[suite]})`;
  return [
    ["C", "CN"],
    ["O", BUREAU],
    ["OU", "网上交易系统认证中心"],
    ["CN", cn],
  ];
}

export function serviceSubject(suite: SuiteId, purpose: "ocsp" | "tsa"): DnAttr[] {
  return [
    ["C", "CN"],
    ["O", BUREAU],
    ["CN", `${BUREAU} ${purpose === "ocsp" ? "OCSP 响应器" : "时间戳服务"} (${SUITE_LABEL[suite]})`],
  ];
}

export interface PkiUrls {
  crl: (caId: string) => string;
  caIssuers: (caId: string) => string;
  ocsp: string;
}

export function pkiUrls(publicUrl: string): PkiUrls {
  const base = publicUrl.replace(/\/$/, "");
  return {
    crl: (caId) => `${base}/pki/crl/${caId}.crl`,
    caIssuers: (caId) => `${base}/pki/ca/${caId}.crt`,
    ocsp: `${base}/pki/ocsp`,
  };
}

/**
 * landtrade's own OID arc: 2.25.<UUID> (ITU-T X.667 — a UUID-based OID needs
 * no registration). UUID 4ea1070d-ca57-4231-b851-edb0f0224cc3.
 */
export const LANDTRADE_OID_ARC = "2.25.104515886534902344705397880706950122691";

/** The TSA policy under which every timestamp token is issued (arc.1.1: "landtrade TSA policy, version 1"). */
export const TSA_POLICY_OID = `${LANDTRADE_OID_ARC}.1.1`;
