/**
 * PKI demo data: the ECDSA P-256 and SM2 hierarchies (RSA key generation is
 * slow and RSA is legacy, so it is left to `landtrade ca init --suite
 * rsa-2048`), their first CRLs, and a few server/system certificates of the
 * trading system, one of them revoked. The demo certificates' private keys
 * are generated in memory and discarded: they are for looking at, not for use.
 */
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { sm2KeyPair, Sm2SigningKey } from "../pki/algs/sm2.js";
import type { Signer } from "../pki/algs/suite.js";
import { sm2Spki } from "../pki/algs/verify.js";
import { buildCsr } from "../pki/asn1/csr-builder.js";
import { caIdOf } from "../pki/ca/naming.js";
import type { PkiServices } from "../pki/pki-services.js";

const ACTOR = "system:demo-seed";

function throwawaySigner(suite: "ecdsa-p256" | "sm2"): Signer {
  if (suite === "sm2") {
    const kp = sm2KeyPair();
    const key = new Sm2SigningKey(kp.privateKey);
    return { suite, spki: sm2Spki(kp.publicKey), sign: async (m) => key.sign(m) };
  }
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { suite, spki: new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" })), sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key: kp.privateKey, dsaEncoding: "der" })) };
}

const DEMO_CERTS: { suite: "ecdsa-p256" | "sm2"; host: string; revoke?: "superseded" }[] = [
  { suite: "ecdsa-p256", host: "trade.csgtzy.example.cn" },
  { suite: "ecdsa-p256", host: "ra.csgtzy.example.cn" },
  { suite: "ecdsa-p256", host: "old-trade.csgtzy.example.cn", revoke: "superseded" },
  { suite: "sm2", host: "sm2.trade.csgtzy.example.cn" },
];

export async function seedPkiDemo(pki: PkiServices): Promise<{ hierarchies: string[]; certificates: string[] }> {
  const out = { hierarchies: [] as string[], certificates: [] as string[] };
  const existing = new Set((await pki.ca.cas()).map((c) => c.id));
  for (const suite of ["ecdsa-p256", "sm2"] as const) {
    if (existing.has(caIdOf(suite, "root"))) continue;
    await pki.ca.init(suite, ACTOR);
    out.hierarchies.push(suite);
  }
  await pki.crl.refreshDue(undefined, ACTOR);
  for (const d of DEMO_CERTS) {
    if ((await pki.ca.find({ subject: `CN=${d.host}`, limit: 1 })).length) continue;
    const csr = await buildCsr([["C", "CN"], ["O", "长沙县国土资源局"], ["CN", d.host]], throwawaySigner(d.suite), { dnsNames: [d.host] });
    const issued = await pki.ca.issue({ suite: d.suite, csr, profile: "server-tls", actor: ACTOR, via: "admin" });
    if (d.revoke) await pki.revocation.revoke(issued.serial, d.revoke, ACTOR);
    out.certificates.push(issued.serial);
  }
  return out;
}
