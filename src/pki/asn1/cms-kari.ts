/**
 * KeyAgreeRecipientInfo for P-256 recipients (RFC 5753 §3.1, RFC 5652 §6.2.2):
 * ephemeral-static ECDH, ANSI X9.63 KDF over ECC-CMS-SharedInfo, AES key wrap
 * (RFC 3394). We send dhSinglePass-stdDH-sha256kdf-scheme with id-aes256-wrap;
 * we open every stdDH / cofactorDH (the same on P-256, cofactor 1) SHA-1..512
 * KDF variant with AES-128/192/256 wrap, so OpenSSL's default (sha1kdf) opens.
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  IssuerAndSerialNumber,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientInfo,
} from "@peculiar/asn1-cms";
import { AlgorithmIdentifier, Name } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import type { KeyHolder } from "../algs/decrypter.js";
import { CMS_OID, type WebHash } from "./cms-oids.js";
import { bytesEqual, type RecipientCert } from "./cms-recipient-cert.js";
import { encodeOctetString, encodeOid, encodeSequence, encodeTlv } from "./der-writer.js";
import { ctx } from "./der-strict.js";

const subtle = () => globalThis.crypto.subtle;
const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

const KDF_HASH: Record<string, WebHash> = {
  [CMS_OID.stdDhSha1Kdf]: "SHA-1",
  [CMS_OID.cofactorDhSha1Kdf]: "SHA-1",
  [CMS_OID.stdDhSha256Kdf]: "SHA-256",
  [CMS_OID.cofactorDhSha256Kdf]: "SHA-256",
  [CMS_OID.stdDhSha384Kdf]: "SHA-384",
  [CMS_OID.cofactorDhSha384Kdf]: "SHA-384",
  [CMS_OID.stdDhSha512Kdf]: "SHA-512",
  [CMS_OID.cofactorDhSha512Kdf]: "SHA-512",
};
const WRAP_BYTES: Record<string, number> = { [CMS_OID.aes128Wrap]: 16, [CMS_OID.aes192Wrap]: 24, [CMS_OID.aes256Wrap]: 32 };

/** ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo AlgorithmIdentifier, entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL, suppPubInfo [2] EXPLICIT OCTET STRING } */
function sharedInfo(wrapOid: string, kekBytes: number, ukm: Uint8Array | undefined): Uint8Array {
  const bits = kekBytes * 8;
  return encodeSequence([
    encodeSequence([encodeOid(wrapOid)]),
    ...(ukm ? [encodeTlv(ctx(0, true), encodeOctetString(ukm))] : []),
    encodeTlv(ctx(2, true), encodeOctetString(Uint8Array.of(bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff))),
  ]);
}

/** ANSI X9.63 KDF: Hash(Z ‖ counter ‖ SharedInfo) blocks. */
async function x963Kdf(hash: WebHash, z: Uint8Array, len: number, info: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(len);
  for (let off = 0, i = 1; off < len; i++) {
    const block = new Uint8Array(z.length + 4 + info.length);
    block.set(z);
    block.set([i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff], z.length);
    block.set(info, z.length + 4);
    const h = new Uint8Array(await subtle().digest(hash, block));
    const n = Math.min(h.length, len - off);
    out.set(h.subarray(0, n), off);
    off += n;
  }
  return out;
}

/** One KeyAgreeRecipientInfo per recipient, each with its own ephemeral key. */
export async function buildKari(r: RecipientCert, cek: Uint8Array): Promise<RecipientInfo> {
  const eph = await subtle().generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const peer = await subtle().importKey("spki", ab(r.spki), { name: "ECDH", namedCurve: "P-256" }, false, []);
  const z = new Uint8Array(await subtle().deriveBits({ name: "ECDH", public: peer }, eph.privateKey, 256));
  const kek = await x963Kdf("SHA-256", z, 32, sharedInfo(CMS_OID.aes256Wrap, 32, undefined));
  const kekKey = await subtle().importKey("raw", ab(kek), { name: "AES-KW" }, false, ["wrapKey"]);
  const cekKey = await subtle().importKey("raw", ab(cek), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  const wrapped = await subtle().wrapKey("raw", cekKey, kekKey, { name: "AES-KW" });
  const ephPoint = await subtle().exportKey("raw", eph.publicKey);
  return new RecipientInfo({
    kari: new KeyAgreeRecipientInfo({
      version: 3,
      originator: new OriginatorIdentifierOrKey({
        // RFC 5753: id-ecPublicKey; OpenSSL writes it without parameters and so do we.
        originatorKey: new OriginatorPublicKey({ algorithm: new AlgorithmIdentifier({ algorithm: CMS_OID.ecPublicKey }), publicKey: ephPoint }),
      }),
      keyEncryptionAlgorithm: new AlgorithmIdentifier({
        algorithm: CMS_OID.stdDhSha256Kdf,
        parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: CMS_OID.aes256Wrap })),
      }),
      recipientEncryptedKeys: new RecipientEncryptedKeys([
        new RecipientEncryptedKey({
          rid: new KeyAgreeRecipientIdentifier({
            issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: AsnConvert.parse(r.issuerDer, Name), serialNumber: ab(r.serial) }),
          }),
          encryptedKey: new OctetString(wrapped),
        }),
      ]),
    }),
  });
}

function ridMatches(rid: KeyAgreeRecipientIdentifier, h: RecipientCert): boolean {
  if (rid.issuerAndSerialNumber) {
    const ias = rid.issuerAndSerialNumber;
    return bytesEqual(new Uint8Array(ias.serialNumber), h.serial) && bytesEqual(new Uint8Array(AsnConvert.serialize(ias.issuer)), h.issuerDer);
  }
  if (rid.rKeyId && h.subjectKeyId) return bytesEqual(new Uint8Array(rid.rKeyId.subjectKeyIdentifier.buffer), h.subjectKeyId);
  return false;
}

/** The holder this KARI is addressed to, if any (and which encrypted key). */
export function matchKari(kari: KeyAgreeRecipientInfo, holders: { cert: RecipientCert; holder: KeyHolder }[]) {
  for (const rek of kari.recipientEncryptedKeys) {
    const h = holders.find((x) => x.cert.kind === "ec-p256" && ridMatches(rek.rid, x.cert));
    if (h) return { ...h, encryptedKey: new Uint8Array(rek.encryptedKey.buffer) };
  }
  return undefined;
}

/** Recovers the raw content-encryption key from a KARI addressed to `holder`. */
export async function openKari(kari: KeyAgreeRecipientInfo, holder: KeyHolder, encryptedKey: Uint8Array): Promise<Uint8Array> {
  const kdfHash = KDF_HASH[kari.keyEncryptionAlgorithm.algorithm];
  if (!kdfHash) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `key agreement ${kari.keyEncryptionAlgorithm.algorithm}` });
  let wrapOid: string;
  try {
    wrapOid = AsnConvert.parse(kari.keyEncryptionAlgorithm.parameters!, AlgorithmIdentifier).algorithm;
  } catch {
    throw new AppError("SEC_CMS_MALFORMED", { detail: "key wrap algorithm missing from the key agreement parameters" });
  }
  const kekBytes = WRAP_BYTES[wrapOid];
  if (!kekBytes) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `key wrap ${wrapOid}` });
  const ok = kari.originator.originatorKey;
  if (!ok) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: "originator must send its ephemeral public key (originatorKey)" });
  const point = new Uint8Array(ok.publicKey);
  if (point.length !== 65 || point[0] !== 4) throw new AppError("SEC_CMS_MALFORMED", { detail: "originator key is not an uncompressed P-256 point" });
  const ukm = kari.ukm ? new Uint8Array(kari.ukm.buffer) : undefined;
  let z: Uint8Array;
  try {
    z = await holder.decrypter.agree(point);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("SEC_DECRYPT_FAILED", { detail: "key agreement with the originator key failed" });
  }
  const kek = await x963Kdf(kdfHash, z, kekBytes, sharedInfo(wrapOid, kekBytes, ukm));
  try {
    const kekKey = await subtle().importKey("raw", ab(kek), { name: "AES-KW" }, false, ["unwrapKey"]);
    const key = await subtle().unwrapKey("raw", ab(encryptedKey), kekKey, { name: "AES-KW" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    return new Uint8Array(await subtle().exportKey("raw", key));
  } catch {
    throw new AppError("SEC_DECRYPT_FAILED", { detail: "the wrapped content key does not unwrap (wrong key or altered envelope)" });
  }
}
