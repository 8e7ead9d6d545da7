/**
 * PKI restore checks: the restored CA can sign. Every CA key and OCSP/TSA
 * service key the restored rows reference must open (with the passphrase, or
 * on the HSM) and produce a signature that verifies under the public key in
 * its certificate. And CRLs regenerate identically: every revocation, hold
 * and release issues a CRL in its own transaction, so in a consistent
 * snapshot the latest CRL of each CA lists exactly the restored revoked
 * certificates; rebuilding its to-be-signed part from the restored rows (same
 * CRL number and times) must give the same bytes. ECDSA signatures are
 * randomised, so the TBS is compared, and the rebuilt TBS is then signed with
 * the restored CA key and verified under the CA certificate.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { SIGNATURE_ALGORITHMS, type SuiteId } from "../../pki/algs/suite.js";
import { verifySignature } from "../../pki/algs/verify.js";
import { parseCertificate } from "../../pki/asn1/certificate.js";
import { buildCrlTbs } from "../../pki/asn1/crl.js";
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

/** The first element inside a DER SEQUENCE (a signed structure's to-be-signed part), as its exact bytes. */
export function firstChildDer(der: Uint8Array): Uint8Array {
  const lenAt = (i: number): [number, number] => {
    const b = der[i]!;
    if (b < 0x80) return [b, i + 1];
    const n = b & 0x7f;
    let len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + der[i + 1 + k]!;
    return [len, i + 1 + n];
  };
  const [, inner] = lenAt(1); // skip the outer SEQUENCE header
  const [len, body] = lenAt(inner + 1);
  return der.subarray(inner, body + len);
}

export const crlRegeneratesCheck: RestoreCheck = {
  id: "pki.crl-regenerates",
  title: "each CA's latest CRL regenerates identically (same TBS) and the restored CA key signs it",
  async run(ctx) {
    const cas = (await ctx.store.read.pki.cas()).filter((c) => c.keyRef && (c.kind === "root" || c.kind === "sub"));
    const problems: string[] = [];
    let n = 0;
    for (const ca of cas) {
      const crl = await ctx.store.read.pki.latestCrl(ca.id);
      if (!crl) continue;
      n += 1;
      const revoked = await ctx.store.read.pki.revokedOf(ca.id);
      const suite = ca.suite as SuiteId;
      const tbs = buildCrlTbs(
        {
          issuer: parseCertificate(ca.certDer).tbsCertificate.subject,
          authorityKeyId: Buffer.from(ca.ski, "hex"),
          crlNumber: crl.crlNumber,
          thisUpdate: crl.thisUpdate,
          nextUpdate: crl.nextUpdate,
          entries: revoked.map((e) => ({ serialHex: e.serial, revokedAt: e.revokedAt, reasonCode: e.reason })),
        },
        { suite },
      );
      if (!Buffer.from(tbs).equals(Buffer.from(firstChildDer(crl.der)))) {
        problems.push(`${ca.id} CRL #${crl.crlNumber}: the rebuilt TBS differs from the stored one (${revoked.length} revoked now, ${crl.entries} listed)`);
        continue;
      }
      if (!ctx.keys) {
        problems.push("no key store could be opened for the restored keys");
        continue;
      }
      try {
        const sig = await (await ctx.keys.signer(ca.keyRef!)).sign(tbs);
        if (!verifySignature(spkiOf(ca.certDer), SIGNATURE_ALGORITHMS[suite].oid, tbs, sig, { sm2Id: ctx.sm2UserId })) problems.push(`${ca.id}: the CRL signature does not verify`);
      } catch (e) {
        problems.push(`${ca.id}: ${(e as Error).message}`);
      }
    }
    if (n === 0) return { ok: true, skipped: true, detail: "no CRL in this backup" };
    return problems.length ? { ok: false, detail: problems.join("; ") } : { ok: true, detail: `${n} CRLs rebuilt identically and re-signed` };
  },
};
