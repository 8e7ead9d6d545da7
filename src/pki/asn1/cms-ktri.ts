/**
 * KeyTransRecipientInfo: RSA recipients (RSAES-OAEP with SHA-256 when we
 * send; OAEP with SHA-1..512 or PKCS#1 v1.5 when we open, for legacy senders)
 * and SM2 recipients per GM/T 0010 (version 1, sm2encrypt 1.2.156.10197.1.301.3
 * without parameters, encryptedKey = DER SM2Cipher of the SM4 key).
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { IssuerAndSerialNumber, KeyTransRecipientInfo, RecipientIdentifier, RecipientInfo } from "@peculiar/asn1-cms";
import { RsaEsOaepParams } from "@peculiar/asn1-rsa";
import { AlgorithmIdentifier, Name } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import type { KeyHolder, KeyTransport, OaepHash } from "../algs/decrypter.js";
import type { GmCrypto } from "../algs/gm-crypto.js";
import { sm2EncryptWith } from "../algs/sm2-cipher.js";
import { CMS_OID, HASH_BY_OID } from "./cms-oids.js";
import { bytesEqual, type RecipientCert } from "./cms-recipient-cert.js";
import { children, ctx, readOnly, TAG } from "./der-strict.js";

const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
const sha256Id = () => new AlgorithmIdentifier({ algorithm: CMS_OID.sha256, parameters: null });

function rid(r: RecipientCert): RecipientIdentifier {
  return new RecipientIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: AsnConvert.parse(r.issuerDer, Name), serialNumber: ab(r.serial) }) });
}

export async function buildRsaKtri(r: RecipientCert, cek: Uint8Array): Promise<RecipientInfo> {
  const key = await globalThis.crypto.subtle.importKey("spki", ab(r.spki), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
  const encryptedKey = await globalThis.crypto.subtle.encrypt({ name: "RSA-OAEP" }, key, ab(cek));
  const params = new RsaEsOaepParams({
    hashAlgorithm: sha256Id(),
    maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: CMS_OID.mgf1, parameters: AsnConvert.serialize(sha256Id()) }),
  });
  return new RecipientInfo({
    ktri: new KeyTransRecipientInfo({
      version: 0,
      rid: rid(r),
      keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: CMS_OID.rsaesOaep, parameters: AsnConvert.serialize(params) }),
      encryptedKey: new OctetString(encryptedKey),
    }),
  });
}

export function buildSm2Ktri(r: RecipientCert, cek: Uint8Array, gm: GmCrypto): RecipientInfo {
  return new RecipientInfo({
    ktri: new KeyTransRecipientInfo({
      version: 1,
      rid: rid(r),
      keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: CMS_OID.sm2Encrypt }),
      encryptedKey: new OctetString(ab(sm2EncryptWith(gm.sm3, r.point!, cek))),
    }),
  });
}

function ridMatches(id: RecipientIdentifier, h: RecipientCert): boolean {
  if (id.issuerAndSerialNumber) {
    const ias = id.issuerAndSerialNumber;
    return bytesEqual(new Uint8Array(ias.serialNumber), h.serial) && bytesEqual(new Uint8Array(AsnConvert.serialize(ias.issuer)), h.issuerDer);
  }
  if (id.subjectKeyIdentifier && h.subjectKeyId) return bytesEqual(new Uint8Array(id.subjectKeyIdentifier.buffer), h.subjectKeyId);
  return false;
}

/** The transport scheme a KTRI's algorithm identifier names, for the recipient kind it needs. */
export function transportOf(alg: AlgorithmIdentifier): { transport: KeyTransport; kind: "rsa" | "sm2" } {
  if (alg.algorithm === CMS_OID.rsaEncryption) return { transport: { alg: "rsa-pkcs1" }, kind: "rsa" };
  if (alg.algorithm === CMS_OID.sm2Encrypt) return { transport: { alg: "sm2" }, kind: "sm2" };
  if (alg.algorithm === CMS_OID.rsaesOaep) {
    let p: RsaEsOaepParams;
    try {
      p = alg.parameters ? AsnConvert.parse(alg.parameters, RsaEsOaepParams) : new RsaEsOaepParams();
    } catch {
      throw new AppError("SEC_CMS_MALFORMED", { detail: "RSAES-OAEP parameters do not parse" });
    }
    const hash = HASH_BY_OID[p.hashAlgorithm.algorithm];
    let mgfHash: string | undefined;
    try {
      mgfHash = p.maskGenAlgorithm.algorithm === CMS_OID.mgf1 && p.maskGenAlgorithm.parameters ? AsnConvert.parse(p.maskGenAlgorithm.parameters, AlgorithmIdentifier).algorithm : undefined;
    } catch {
      mgfHash = undefined;
    }
    // An absent pSourceAlgorithm means the empty label. (@peculiar fills the default with
    // SHA-1("") as "parameters", so look at the encoding rather than the parsed default.)
    let label = 0;
    try {
      const explicit = alg.parameters && children(readOnly(new Uint8Array(alg.parameters), TAG.SEQUENCE).value, 3).some((t) => t.tag === ctx(2, true));
      if (explicit && p.pSourceAlgorithm.parameters) label = AsnConvert.parse(p.pSourceAlgorithm.parameters, OctetString).byteLength;
    } catch {
      label = -1;
    }
    if (!hash || hash === "SHA-224" || HASH_BY_OID[mgfHash ?? ""] !== hash || label !== 0) {
      throw new AppError("SEC_ALG_UNSUPPORTED", { detail: "RSAES-OAEP must use one SHA-1/256/384/512 hash for OAEP and MGF1, with an empty label" });
    }
    return { transport: { alg: "rsa-oaep", hash: hash as OaepHash }, kind: "rsa" };
  }
  throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `key transport ${alg.algorithm}` });
}

export function matchKtri(ktri: KeyTransRecipientInfo, holders: { cert: RecipientCert; holder: KeyHolder }[]) {
  return holders.find((x) => x.cert.kind !== "ec-p256" && ridMatches(ktri.rid, x.cert));
}

export async function openKtri(ktri: KeyTransRecipientInfo, holder: KeyHolder, cert: RecipientCert): Promise<Uint8Array> {
  const { transport, kind } = transportOf(ktri.keyEncryptionAlgorithm);
  if (kind !== cert.kind) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `${transport.alg} cannot be used with a ${cert.kind} key` });
  try {
    return await holder.decrypter.unwrap(transport, new Uint8Array(ktri.encryptedKey.buffer));
  } catch (e) {
    if (e instanceof AppError && e.code !== "SEC_DECRYPT_FAILED") throw e;
    throw new AppError("SEC_DECRYPT_FAILED", { detail: "the encrypted content key does not open with this key" });
  }
}
