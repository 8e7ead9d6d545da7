/**
 * Client-side path check for receipts: from the signer's certificate up to
 * one of the trust anchors the server publishes, every link's signature
 * verified and every certificate valid at the given time. Revocation is the
 * server's job (POST /api/security/validate); this proves origin offline.
 */
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";
import { verifySig } from "../crypto/sig-verify.js";
import { SdkError } from "../errors.js";
import { readCert, type CertInfo } from "./cert-info.js";

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const MAX_DEPTH = 6;

function checkTime(c: CertInfo, at: Date) {
  if (at < c.notBefore) throw SdkError.of("SEC_CERT_NOT_YET_VALID", `${c.subject} valid from ${c.notBefore.toISOString()}`);
  if (at > c.notAfter) throw SdkError.of("SEC_CERT_EXPIRED", `${c.subject} expired ${c.notAfter.toISOString()}`);
}

/** Returns the path [leaf, …, anchor]; throws SEC_CHAIN_UNTRUSTED / SEC_CERT_EXPIRED / SEC_CERT_NOT_YET_VALID. */
export async function checkChain(leaf: Uint8Array, pool: Uint8Array[], anchors: Uint8Array[], at: Date, gm: GmCrypto): Promise<CertInfo[]> {
  if (!anchors.length) throw SdkError.of("SEC_CHAIN_UNTRUSTED", "no trust anchors given");
  const anchorInfos = anchors.map(readCert);
  const poolInfos = pool.map((d) => {
    try {
      return readCert(d);
    } catch {
      return undefined;
    }
  }).filter((x): x is CertInfo => !!x);
  let cur = readCert(leaf);
  const path = [cur];
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    checkTime(cur, at);
    if (anchorInfos.some((a) => same(a.der, cur.der))) return path;
    let next: CertInfo | undefined;
    for (const cand of [...anchorInfos, ...poolInfos]) {
      if (!same(cand.subjectDer, cur.issuerDer) || !cand.isCa) continue;
      if (await verifySig(cand.spki, cur.sigAlgOid, cur.tbs, cur.signature, gm)) {
        next = cand;
        break;
      }
    }
    if (!next) throw SdkError.of("SEC_CHAIN_UNTRUSTED", `no trusted issuer found for ${cur.subject} (issuer ${cur.issuer})`);
    path.push(next);
    cur = next;
  }
  throw SdkError.of("SEC_CHAIN_UNTRUSTED", "certificate chain too long");
}
