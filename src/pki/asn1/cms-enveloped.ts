/**
 * CMS digital envelopes (数字信封), both directions, to one or more recipient
 * certificates:
 *  - P-256 and RSA recipients → RFC 5652 EnvelopedData (AES-256-CBC) or
 *    RFC 5083 AuthEnvelopedData (AES-256-GCM, the default: authenticated),
 *    with KeyAgreeRecipientInfo (ECDH) / KeyTransRecipientInfo (RSA-OAEP).
 *    `openssl cms -decrypt` opens both; we open what `openssl cms -encrypt` makes.
 *  - SM2 recipients → GM/T 0010 envelopedData (1.2.156.10197.6.1.4.2.3):
 *    SM4-CBC content, the SM4 key SM2-encrypted per recipient. (OpenSSL's CMS
 *    does not implement GM/T 0010; tests check the SM2/SM4 primitives against
 *    OpenSSL and the structure against the standard.)
 * Private keys stay behind Decrypter (see algs/decrypter.ts). No Node
 * dependency: WebCrypto for AES/ECDH/RSA/SHA, GmCrypto for SM3/SM4, so the
 * browser SDK runs this same file.
 */
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { ContentInfo, EncryptedContent, EncryptedContentInfo, EnvelopedData, KeyAgreeRecipientInfo, RecipientInfo, RecipientInfos } from "@peculiar/asn1-cms";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import type { KeyHolder } from "../algs/decrypter.js";
import type { GmCrypto } from "../algs/gm-crypto.js";
import { buildKari, matchKari, openKari } from "./cms-kari.js";
import { buildRsaKtri, buildSm2Ktri, matchKtri, openKtri } from "./cms-ktri.js";
import { CMS_OID } from "./cms-oids.js";
import { assertEncryptionCapable, readRecipientCert, type RecipientCert } from "./cms-recipient-cert.js";
import { children, ctx, DerError, expectTag, oidText, readOnly, smallInteger, TAG, type Tlv } from "./der-strict.js";
import { cat, encodeOctetString, encodeSequence, encodeSmallInteger } from "./der-writer.js";

export type ContentCipher = "aes-256-gcm" | "aes-256-cbc" | "sm4-cbc";
export type EnvelopeFormat = "cms-enveloped" | "cms-auth-enveloped" | "gmt-0010";

export const MAX_RECIPIENTS = 100;

export interface EncryptOptions {
  /** For P-256 / RSA recipients; SM2 recipients always get SM4-CBC (GM/T 0010). Default aes-256-gcm. */
  contentCipher?: "aes-256-gcm" | "aes-256-cbc";
  gm: GmCrypto;
  /**
   * GM/T 0034 key delivery: the RA's key-management centre sends the holder's
   * escrowed encryption key enveloped to the holder's SIGNING certificate,
   * whose key usage has no encryption bit. Only the KM sets this.
   */
  keyDelivery?: boolean;
}

export interface Envelope {
  /** DER ContentInfo (.p7m). */
  der: Uint8Array;
  format: EnvelopeFormat;
  contentCipher: ContentCipher;
}

export interface Opened {
  content: Uint8Array;
  format: EnvelopeFormat;
  /** Content cipher OID as found (AES-128/192/256 CBC/GCM or SM4-CBC). */
  contentCipherOid: string;
  /** The certificate (DER) whose key opened it. */
  recipient: Uint8Array;
}

const subtle = () => globalThis.crypto.subtle;
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
const ser = (v: unknown) => new Uint8Array(AsnConvert.serialize(v));

function algWithOctets(oid: string, octets: Uint8Array): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: oid, parameters: ab(encodeOctetString(octets)) });
}

function eci(contentType: string, alg: AlgorithmIdentifier, ciphertext: Uint8Array): EncryptedContentInfo {
  return new EncryptedContentInfo({ contentType, contentEncryptionAlgorithm: alg, encryptedContent: new EncryptedContent({ value: new OctetString(ab(ciphertext)) }) });
}

const contentInfo = (contentType: string, content: Uint8Array) => ser(new ContentInfo({ contentType, content: ab(content) }));

export async function encryptEnvelope(content: Uint8Array, recipientCerts: Uint8Array[], opts: EncryptOptions): Promise<Envelope> {
  if (recipientCerts.length === 0) throw new AppError("SEC_RECIPIENT_UNSUITABLE", { detail: "no recipient certificates" });
  if (recipientCerts.length > MAX_RECIPIENTS) throw new AppError("SEC_RECIPIENT_UNSUITABLE", { detail: `at most ${MAX_RECIPIENTS} recipients` });
  const rs = recipientCerts.map(readRecipientCert);
  if (!opts.keyDelivery) rs.forEach(assertEncryptionCapable);
  const sm2 = rs.filter((r) => r.kind === "sm2").length;
  if (sm2 && sm2 !== rs.length) throw new AppError("SEC_RECIPIENT_UNSUITABLE", { detail: "SM2 and non-SM2 recipients cannot share one envelope" });
  return sm2 ? encryptGm(content, rs, opts.gm) : encryptCms(content, rs, opts.contentCipher ?? "aes-256-gcm");
}

async function encryptGm(content: Uint8Array, rs: RecipientCert[], gm: GmCrypto): Promise<Envelope> {
  const cek = random(16);
  const iv = random(16);
  const env = new EnvelopedData({
    version: 1, // GM/T 0010 (and GmSSL) use version 1 for envelopes and their recipient infos
    recipientInfos: new RecipientInfos(rs.map((r) => buildSm2Ktri(r, cek, gm))),
    encryptedContentInfo: eci(CMS_OID.gmData, algWithOctets(CMS_OID.sm4Cbc, iv), gm.sm4CbcEncrypt(cek, iv, content)),
  });
  return { der: contentInfo(CMS_OID.gmEnvelopedData, ser(env)), format: "gmt-0010", contentCipher: "sm4-cbc" };
}

async function encryptCms(content: Uint8Array, rs: RecipientCert[], cipher: "aes-256-gcm" | "aes-256-cbc"): Promise<Envelope> {
  const cek = random(32);
  const ris: RecipientInfo[] = [];
  for (const r of rs) ris.push(r.kind === "ec-p256" ? await buildKari(r, cek) : await buildRsaKtri(r, cek));
  const recipientInfos = new RecipientInfos(ris);
  if (cipher === "aes-256-cbc") {
    const iv = random(16);
    const key = await subtle().importKey("raw", ab(cek), { name: "AES-CBC" }, false, ["encrypt"]);
    const ct = new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv: ab(iv) }, key, ab(content)));
    // RFC 5652 §6.1: version 2 once any recipient info is not version 0 (KARI is 3).
    const env = new EnvelopedData({ version: ris.some((r) => r.kari) ? 2 : 0, recipientInfos, encryptedContentInfo: eci(CMS_OID.data, algWithOctets(CMS_OID.aes256Cbc, iv), ct) });
    return { der: contentInfo(CMS_OID.envelopedData, ser(env)), format: "cms-enveloped", contentCipher: "aes-256-cbc" };
  }
  const nonce = random(12);
  const key = await subtle().importKey("raw", ab(cek), { name: "AES-GCM" }, false, ["encrypt"]);
  const out = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv: ab(nonce), tagLength: 128 }, key, ab(content)));
  const gcmParams = encodeSequence([encodeOctetString(nonce), encodeSmallInteger(16)]);
  const alg = new AlgorithmIdentifier({ algorithm: CMS_OID.aes256Gcm, parameters: ab(gcmParams) });
  // RFC 5083 AuthEnvelopedData ::= SEQUENCE { version 0, recipientInfos, authEncryptedContentInfo, mac }
  const auth = encodeSequence([encodeSmallInteger(0), ser(recipientInfos), ser(eci(CMS_OID.data, alg, out.subarray(0, out.length - 16))), encodeOctetString(out.subarray(out.length - 16))]);
  return { der: contentInfo(CMS_OID.authEnvelopedData, auth), format: "cms-auth-enveloped", contentCipher: "aes-256-gcm" };
}

// ---- opening ---------------------------------------------------------------

interface ParsedEnvelope {
  format: EnvelopeFormat;
  recipientInfos: Tlv[];
  eci: EncryptedContentInfo;
  /** GCM only. */
  mac?: Uint8Array;
  authAttrs?: Tlv;
}

const malformed = (e: unknown): AppError =>
  e instanceof AppError ? e : new AppError("SEC_CMS_MALFORMED", { detail: e instanceof Error ? e.message : String(e) });

/** ContentInfo → the envelope's parts; refuses other content types with SEC_CONTENT_TYPE_WRONG. */
export function parseEnvelope(der: Uint8Array): ParsedEnvelope {
  try {
    const ci = children(readOnly(der, TAG.SEQUENCE).value, 3);
    const type = oidText(expectTag(ci[0], TAG.OID, "contentType"));
    const wrapped = expectTag(ci[1], ctx(0, true), "content");
    if (ci.length !== 2) throw new DerError("ContentInfo has extra fields");
    const auth = type === CMS_OID.authEnvelopedData;
    if (!auth && type !== CMS_OID.envelopedData && type !== CMS_OID.gmEnvelopedData) {
      throw new AppError("SEC_CONTENT_TYPE_WRONG", { detail: `content type ${type} is not an envelope (EnvelopedData / AuthEnvelopedData / GM/T 0010 envelopedData)` });
    }
    const f = children(readOnly(wrapped.value, TAG.SEQUENCE).value, 8);
    let i = 0;
    const version = smallInteger(expectTag(f[i++], TAG.INTEGER, "version"));
    if (version > 4) throw new DerError(`unknown version ${version}`);
    if (f[i]?.tag === ctx(0, true)) i++; // originatorInfo: certificates for the originator, not needed to open
    const ris = expectTag(f[i++], TAG.SET, "recipientInfos");
    const eciTlv = expectTag(f[i++], TAG.SEQUENCE, "encryptedContentInfo");
    const recipientInfos = children(ris.value, MAX_RECIPIENTS);
    if (!recipientInfos.length) throw new DerError("no recipient infos");
    const parsedEci = AsnConvert.parse(eciTlv.raw, EncryptedContentInfo);
    if (!auth) {
      if (f[i]?.tag === ctx(1, true)) i++;
      if (i !== f.length) throw new DerError("EnvelopedData has extra fields");
      return { format: type === CMS_OID.gmEnvelopedData ? "gmt-0010" : "cms-enveloped", recipientInfos, eci: parsedEci };
    }
    const authAttrs = f[i]?.tag === ctx(1, true) ? f[i++] : undefined;
    const mac = expectTag(f[i++], TAG.OCTET_STRING, "mac").value;
    if (f[i]?.tag === ctx(2, true)) i++;
    if (i !== f.length) throw new DerError("AuthEnvelopedData has extra fields");
    return { format: "cms-auth-enveloped", recipientInfos, eci: parsedEci, mac, ...(authAttrs ? { authAttrs } : {}) };
  } catch (e) {
    throw malformed(e);
  }
}

interface ContentAlg {
  oid: string;
  kind: "aes-cbc" | "aes-gcm" | "sm4-cbc";
  keyBytes: number;
  iv: Uint8Array;
  tagBytes?: number;
}

const AES: Record<string, [ContentAlg["kind"], number]> = {
  [CMS_OID.aes128Cbc]: ["aes-cbc", 16],
  [CMS_OID.aes192Cbc]: ["aes-cbc", 24],
  [CMS_OID.aes256Cbc]: ["aes-cbc", 32],
  [CMS_OID.aes128Gcm]: ["aes-gcm", 16],
  [CMS_OID.aes192Gcm]: ["aes-gcm", 24],
  [CMS_OID.aes256Gcm]: ["aes-gcm", 32],
  [CMS_OID.sm4Cbc]: ["sm4-cbc", 16],
};

function contentAlgOf(alg: AlgorithmIdentifier, format: EnvelopeFormat): ContentAlg {
  const known = AES[alg.algorithm];
  if (!known) throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `content cipher ${alg.algorithm}` });
  const [kind, keyBytes] = known;
  if ((kind === "aes-gcm") !== (format === "cms-auth-enveloped")) {
    throw new AppError("SEC_ALG_UNSUPPORTED", { detail: `content cipher ${alg.algorithm} is not allowed in ${format}` });
  }
  try {
    const params = new Uint8Array(alg.parameters ?? new ArrayBuffer(0));
    if (kind === "aes-gcm") {
      const [n, icv, ...rest] = children(readOnly(params, TAG.SEQUENCE).value, 3);
      const nonce = expectTag(n, TAG.OCTET_STRING, "GCM nonce").value;
      const tagBytes = icv ? smallInteger(expectTag(icv, TAG.INTEGER, "GCM ICV length")) : 12;
      if (rest.length || nonce.length < 1 || nonce.length > 64 || tagBytes < 12 || tagBytes > 16) throw new DerError("bad GCM parameters");
      return { oid: alg.algorithm, kind, keyBytes, iv: nonce, tagBytes };
    }
    const iv = readOnly(params, TAG.OCTET_STRING).value;
    if (iv.length !== 16) throw new DerError("CBC IV must be 16 bytes");
    return { oid: alg.algorithm, kind, keyBytes, iv };
  } catch (e) {
    throw malformed(e);
  }
}

async function decryptContent(p: ParsedEnvelope, alg: ContentAlg, cek: Uint8Array, gm: GmCrypto): Promise<Uint8Array> {
  if (cek.length !== alg.keyBytes) throw new AppError("SEC_DECRYPT_FAILED", { detail: `content key has ${cek.length} bytes, the cipher needs ${alg.keyBytes}` });
  const ec = p.eci.encryptedContent;
  if (!ec) throw new AppError("SEC_CMS_MALFORMED", { detail: "the envelope carries no encrypted content (detached content is not supported)" });
  const ct = ec.value ? new Uint8Array(ec.value.buffer) : cat((ec.constructedValue ?? []).map((o) => new Uint8Array(o.buffer)));
  try {
    if (alg.kind === "sm4-cbc") return gm.sm4CbcDecrypt(cek, alg.iv, ct);
    if (alg.kind === "aes-cbc") {
      const key = await subtle().importKey("raw", ab(cek), { name: "AES-CBC" }, false, ["decrypt"]);
      return new Uint8Array(await subtle().decrypt({ name: "AES-CBC", iv: ab(alg.iv) }, key, ab(ct)));
    }
    if (p.mac!.length !== alg.tagBytes) throw new Error("MAC length differs from the ICV length");
    // RFC 5083 §2.2: authAttrs are authenticated in their DER with the SET OF tag.
    const aad = p.authAttrs ? cat([Uint8Array.of(TAG.SET), p.authAttrs.raw.subarray(1)]) : new Uint8Array(0);
    const key = await subtle().importKey("raw", ab(cek), { name: "AES-GCM" }, false, ["decrypt"]);
    return new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv: ab(alg.iv), tagLength: alg.tagBytes! * 8, additionalData: ab(aad) }, key, ab(cat([ct, p.mac!]))));
  } catch {
    throw new AppError("SEC_DECRYPT_FAILED", { detail: "the content does not decrypt (altered ciphertext or wrong key)" });
  }
}

export interface DecryptOptions {
  gm: GmCrypto;
}

/** Opens an envelope with the first held key it is addressed to. */
export async function decryptEnvelope(der: Uint8Array, holders: KeyHolder[], opts: DecryptOptions): Promise<Opened> {
  const p = parseEnvelope(der);
  const alg = contentAlgOf(p.eci.contentEncryptionAlgorithm, p.format);
  const held = holders.map((holder) => ({ holder, cert: readRecipientCert(holder.certificate) }));
  for (const t of p.recipientInfos) {
    let ri: RecipientInfo;
    try {
      ri = AsnConvert.parse(t.raw, RecipientInfo);
    } catch (e) {
      throw malformed(e);
    }
    let cek: Uint8Array | undefined;
    let cert: Uint8Array | undefined;
    if (ri.kari) {
      const m = matchKari(ri.kari as KeyAgreeRecipientInfo, held);
      if (m) [cek, cert] = [await openKari(ri.kari, m.holder, m.encryptedKey), m.holder.certificate];
    } else if (ri.ktri) {
      const m = matchKtri(ri.ktri, held);
      if (m) [cek, cert] = [await openKtri(ri.ktri, m.holder, m.cert), m.holder.certificate];
    }
    if (cek && cert) return { content: await decryptContent(p, alg, cek, opts.gm), format: p.format, contentCipherOid: alg.oid, recipient: cert };
  }
  throw new AppError("SEC_KEY_NOT_HELD", { detail: `${p.recipientInfos.length} recipient(s), none of them a certificate whose key is held here` });
}

export interface RecipientSummary {
  type: "kari" | "ktri" | "kekri" | "pwri" | "ori";
  /** hex serial when the recipient is named by issuer and serial number. */
  serial?: string;
  keyAlgorithm: string;
}

/** Who an envelope is for, without opening it. */
export function describeEnvelope(der: Uint8Array): { format: EnvelopeFormat; contentCipherOid: string; recipients: RecipientSummary[] } {
  const p = parseEnvelope(der);
  const recipients = p.recipientInfos.map((t): RecipientSummary => {
    let ri: RecipientInfo;
    try {
      ri = AsnConvert.parse(t.raw, RecipientInfo);
    } catch (e) {
      throw malformed(e);
    }
    const serialOf = (b?: ArrayBuffer) => (b ? Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("") : undefined);
    if (ri.ktri) {
      const serial = serialOf(ri.ktri.rid.issuerAndSerialNumber?.serialNumber);
      return { type: "ktri", keyAlgorithm: ri.ktri.keyEncryptionAlgorithm.algorithm, ...(serial ? { serial } : {}) };
    }
    if (ri.kari) {
      const serial = serialOf(ri.kari.recipientEncryptedKeys[0]?.rid.issuerAndSerialNumber?.serialNumber);
      return { type: "kari", keyAlgorithm: ri.kari.keyEncryptionAlgorithm.algorithm, ...(serial ? { serial } : {}) };
    }
    return { type: ri.kekri ? "kekri" : ri.pwri ? "pwri" : "ori", keyAlgorithm: "" };
  });
  return { format: p.format, contentCipherOid: p.eci.contentEncryptionAlgorithm.algorithm, recipients };
}

