/**
 * Provisioning of the security service's own keys: for each suite, a
 * signing key (documents the bureau issues: receipts, confirmations) and an
 * encryption key (envelopes addressed to the service), generated in the CA's
 * key store and certified by our own sub-CA, then registered with the
 * service. Idempotent: a suite that already has both keys is left alone
 * unless `force` (key rotation) is asked for.
 */
import type { CaService } from "../pki/ca/ca.service.js";
import { BUREAU } from "../pki/ca/naming.js";
import type { SuiteId } from "../pki/algs/suite.js";
import { buildCsr } from "../pki/asn1/csr-builder.js";
import type { DnAttr } from "../pki/asn1/names.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import { makeUscc } from "../ra/validate/uscc.js";
import type { SecurityService } from "./security.service.js";
import type { ServiceKeyPurpose } from "./security.ports.js";

/** The bureau's unified social credit code as it appears in its system certificates (demo value with a valid check character). */
export const BUREAU_USCC = makeUscc("11430121MB1K56789");

const SUITE_LABEL: Record<SuiteId, string> = { "ecdsa-p256": "ECDSA", "rsa-2048": "RSA", sm2: "SM2" };

function subjectOf(suite: SuiteId, purpose: ServiceKeyPurpose): DnAttr[] {
  const base: DnAttr[] = [
    ["C", "CN"],
    ["O", BUREAU],
  ];
  if (purpose === "sign") base.push(["organizationIdentifier", `NTRCN-${BUREAU_USCC}`]);
  base.push(["CN", `${BUREAU} 安全应用支持服务 ${purpose === "sign" ? "签名" : "加密"} (${SUITE_LABEL[suite]})`]);
  return base;
}

export interface ProvisionedKey {
  purpose: ServiceKeyPurpose;
  suite: SuiteId;
  serial: string;
  /** "created", or "kept" when the suite already had this key. */
  action: "created" | "kept";
}

export async function provisionServiceKeys(
  deps: { ca: CaService; keys: KeyStore; security: SecurityService },
  suite: SuiteId,
  actor: string,
  opts: { force?: boolean } = {},
): Promise<ProvisionedKey[]> {
  await deps.ca.issuingCa(suite); // PKI_CA_NOT_INITIALISED (coded) when `ca init` has not been run for this suite
  const have = await deps.security.listServiceKeys();
  const out: ProvisionedKey[] = [];
  for (const purpose of ["sign", "encrypt"] as const) {
    const existing = have.find((k) => k.purpose === purpose && k.suite === suite);
    if (existing && !opts.force) {
      out.push({ purpose, suite, serial: existing.serial, action: "kept" });
      continue;
    }
    const key = await deps.keys.generate(suite, `security service ${purpose} (${suite})`);
    const csr = await buildCsr(subjectOf(suite, purpose), await deps.keys.signer(key));
    const issued = await deps.ca.issue({
      suite,
      csr,
      profile: purpose === "sign" ? "enterprise-sign" : "encryption",
      via: "ra",
      subject: subjectOf(suite, purpose),
      holder: "system:security",
      actor,
    });
    await deps.security.putServiceKey({ purpose, suite, serial: issued.serial, keyRef: key, certDer: issued.certDer }, actor);
    out.push({ purpose, suite, serial: issued.serial, action: "created" });
  }
  return out;
}
