/**
 * Signature checks for the three suites without Node: ECDSA P-256 and RSA
 * PKCS#1 v1.5 through WebCrypto, SM2 through the pure SM2 code (GM/T 0009 ID).
 * Used for certificate chains and SignedData on the client side.
 */
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";
import { sm2VerifyWith, SM2_DEFAULT_USER_ID } from "../../../src/pki/algs/sm2-sign-pure.js";
import { CMS_OID } from "../../../src/pki/asn1/cms-oids.js";
import { children, expectTag, readOnly, TAG, unsignedInteger } from "../../../src/pki/asn1/der-strict.js";
import { AsnConvert } from "@peculiar/asn1-schema";
import { ECParameters } from "@peculiar/asn1-ecc";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { ab, toHex } from "../bytes.js";

export const SIG_OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sm2WithSm3: "1.2.156.10197.1.501",
  /** GM/T 0010 names the SM2 signature "SM2-1" in SignerInfo; accepted as SM2-with-SM3. */
  sm2Sign: "1.2.156.10197.1.301.1",
} as const;

export type KeyKind = "ec-p256" | "rsa" | "sm2";

// The two named-curve encodings, byte for byte up to the point: most keys are these, and matching
// them skips the schema parser (which costs more than the ECDSA verification on a busy server).
const EC_PREFIX: [KeyKind, Uint8Array][] = [
  ["ec-p256", hexBytes("3059301306072a8648ce3d020106082a8648ce3d030107034200")],
  ["sm2", hexBytes("3059301306072a8648ce3d020106082a811ccf5501822d034200")],
];

function hexBytes(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
}

function fastEcKind(spki: Uint8Array): { kind: KeyKind; point: Uint8Array } | undefined {
  if (spki.length !== 91 || spki[26] !== 0x04) return undefined;
  for (const [kind, prefix] of EC_PREFIX) {
    let same = true;
    for (let i = 0; i < 26 && same; i++) same = spki[i] === prefix[i];
    if (same) return { kind, point: spki.slice(26) };
  }
  return undefined;
}

export function keyKindOf(spki: Uint8Array): { kind: KeyKind; point?: Uint8Array } | undefined {
  const fast = fastEcKind(spki);
  if (fast) return fast;
  try {
    const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
    if (info.algorithm.algorithm === CMS_OID.rsaEncryption) return { kind: "rsa" };
    if (info.algorithm.algorithm !== CMS_OID.ecPublicKey || !info.algorithm.parameters) return undefined;
    const curve = AsnConvert.parse(info.algorithm.parameters, ECParameters).namedCurve;
    const point = new Uint8Array(info.subjectPublicKey);
    if (curve === CMS_OID.prime256v1) return { kind: "ec-p256", point };
    if (curve === CMS_OID.sm2Curve) return { kind: "sm2", point };
  } catch {
    return undefined;
  }
  return undefined;
}

/** DER SEQUENCE{r,s} → r‖s (32 bytes each), the form WebCrypto takes. */
export function derToP1363(der: Uint8Array): Uint8Array | undefined {
  try {
    const [r, s, ...rest] = children(readOnly(der, TAG.SEQUENCE).value, 3);
    if (rest.length) return undefined;
    const out = new Uint8Array(64);
    const rv = unsignedInteger(expectTag(r, TAG.INTEGER, "r"), 32);
    const sv = unsignedInteger(expectTag(s, TAG.INTEGER, "s"), 32);
    out.set(rv, 32 - rv.length);
    out.set(sv, 64 - sv.length);
    return out;
  } catch {
    return undefined;
  }
}

/** r‖s → DER SEQUENCE{r,s} (what WebCrypto's ECDSA gives → what CMS and X.509 carry). */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  const int = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const t = v.subarray(i);
    return t[0]! & 0x80 ? Uint8Array.of(2, t.length + 1, 0, ...t) : Uint8Array.of(2, t.length, ...t);
  };
  const r = int(sig.subarray(0, 32));
  const s = int(sig.subarray(32));
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

/** Which key kind a signature algorithm OID needs; undefined = unsupported. */
export function kindForSigAlg(oid: string): KeyKind | undefined {
  if (oid === SIG_OID.ecdsaWithSha256) return "ec-p256";
  if (oid === SIG_OID.sha256WithRsa || oid === SIG_OID.rsaEncryption) return "rsa";
  if (oid === SIG_OID.sm2WithSm3 || oid === SIG_OID.sm2Sign) return "sm2";
  return undefined;
}

/** False for any mismatch or malformed input; never throws. */
type ImportedKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
const imported = new Map<string, Promise<ImportedKey>>();

/** Public keys imported once (bounded): importing costs more than an ECDSA verify. A failed import is not kept. */
function importedKey(spki: Uint8Array, load: () => Promise<ImportedKey>): Promise<ImportedKey> {
  const k = toHex(spki);
  let p = imported.get(k);
  if (!p) {
    p = load();
    p.catch(() => imported.delete(k));
    if (imported.size >= 500) imported.delete(imported.keys().next().value!);
    imported.set(k, p);
  }
  return p;
}

export async function verifySig(spki: Uint8Array, sigAlgOid: string, data: Uint8Array, signature: Uint8Array, gm: GmCrypto, sm2Id = SM2_DEFAULT_USER_ID): Promise<boolean> {
  const k = keyKindOf(spki);
  if (!k || kindForSigAlg(sigAlgOid) !== k.kind) return false;
  try {
    const subtle = globalThis.crypto.subtle;
    if (k.kind === "sm2") return sm2VerifyWith(gm.sm3, k.point!, data, signature, sm2Id);
    if (k.kind === "ec-p256") {
      const raw = derToP1363(signature);
      if (!raw) return false;
      const key = await importedKey(spki, () => subtle.importKey("spki", ab(spki), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]));
      return await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, ab(raw), ab(data));
    }
    const key = await importedKey(spki, () => subtle.importKey("spki", ab(spki), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]));
    return await subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, ab(signature), ab(data));
  } catch {
    return false;
  }
}
