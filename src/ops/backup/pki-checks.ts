/**
 * PKI restore checks: the restored CA can sign. Every CA key and OCSP/TSA
 * service key the restored rows reference must open (with the passphrase, or
 * on the HSM) and produce a signature that verifies under the public key in
 * its certificate. "CRLs regenerate identically" joins when the CRL service
 * is on main.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";
import { parseCertificate } from "../../pki/asn1/certificate.js";
import type { KeyRef } from "../../pki/keys/key-store.js";
import { sha256Hex } from "./manifest.js";
import type { RestoreCheck, RestoreCheckContext } from "./restore-checks.js";

const spkiOf = (certDer: Uint8Array) => new Uint8Array(AsnConvert.serialize(parseCertificate(certDer).tbsCertificate.subjectPublicKeyInfo));

async function canSign(ctx: RestoreCheckContext, what: string, keyRef: KeyRef, certDer: Uint8Array): Promise<string | null> {
  const challenge = Buffer.from(`landtrade restore check ${ctx.manifest.id} ${what}`, "utf8");
  try {
    const signer = await ctx.keys!.signer(keyRef);
    const sig = await signer.sign(challenge);
    const ok = verifySignature(spkiOf(certDer), SIGNATURE_ALGORITHMS[keyRef.suite as SuiteId].oid, challenge, sig, { sm2Id: ctx.sm2UserId });
    return ok ? null : `${what}: the signature does not verify under its certificate's key`;
  } catch (e) {
    return `${what}: ${(e as Error).message}`;
  }
}

export const caCanSignCheck: RestoreCheck = {
  id: "pki.ca-can-sign",
  title: "the restored CA, OCSP and TSA keys open and sign under their certificates",
  async run(ctx) {
    const cas = (await ctx.store.read.pki.cas()).filter((c) => c.keyRef);
    if (cas.length === 0) return { ok: true, skipped: true, detail: "no CA in this backup" };
    if (!ctx.keys) return { ok: false, detail: "no key store could be opened for the restored keys" };
    const problems: string[] = [];
    let n = 0;
    for (const ca of cas) {
      n += 1;
      const p = await canSign(ctx, ca.id, ca.keyRef!, ca.certDer);
      if (p) problems.push(p);
    }
    for (const suite of new Set(cas.map((c) => c.suite))) {
      for (const purpose of ["ocsp", "tsa"] as const) {
        const sk = await ctx.store.read.pki.serviceKey(purpose, suite);
        if (!sk) continue;
        const cert = await ctx.store.read.pki.certificate(sk.serial);
        n += 1;
        const p = cert?.certDer ? await canSign(ctx, `${purpose}/${suite}`, sk.keyRef, cert.certDer) : `${purpose}/${suite}: certificate ${sk.serial} missing`;
        if (p) problems.push(p);
      }
    }
    return problems.length ? { ok: false, detail: problems.join("; ") } : { ok: true, detail: `${n} keys signed (challenge ${sha256Hex(ctx.manifest.id).slice(0, 8)})` };
  },
};
