/**
 * A bidder's USB key (USBKey → token) over PKCS#11: generate the signing key
 * in the token, make a PKCS#10 request signed by it, store the issued
 * certificate back on the token beside the key (same CKA_ID, as browsers and
 * USB-key middleware expect), find key + certificate later, and sign with it
 * (certificate login challenges, bids). The private key never leaves the token.
 *
 * Used by `landtrade token enroll` (RA) and the client SDK (security service).
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AppError } from "../../shared/errors.js";
import type { Signer, SuiteId } from "../algs/suite.js";
import { parseCertificate } from "../asn1/certificate.js";
import { buildCsr } from "../asn1/csr-builder.js";
import { tlv } from "../asn1/der.js";
import { nameToString, type DnAttr } from "../asn1/names.js";
import { describeToken, P11, type Handle, type TokenDescription } from "../keys/pkcs11-module.js";
import { assertTokenSuite, attrs, findById, findObjects, generateKeyPair, newCkaId, parseCkaId, signInToken, spkiOfPublicKey, summaryOf, type TokenSuite } from "../keys/pkcs11-objects.js";
import { Pkcs11SessionPool } from "../keys/pkcs11-session-pool.js";

export interface TokenOpenOptions {
  /** PKCS#11 module (the USB key's driver), e.g. /usr/lib/softhsm/libsofthsm2.so. */
  modulePath: string;
  /** Slot ID as the driver numbers it, or an index among slots holding a token (`--slot 0` = the first key plugged in). */
  slot?: number | undefined;
  tokenLabel?: string | undefined;
  pin: string;
}

export interface TokenKey {
  /** CKA_ID, hex: ties key pair and certificate together on the token. */
  id: string;
  label: string;
  suite: TokenSuite;
  spki: Uint8Array;
}

export interface TokenCredential extends TokenKey {
  /** The certificate stored with the key, if any. */
  certDer: Uint8Array | null;
  subject: string | null;
  /** Certificate serial, lower-case hex as the CA stores it. */
  serial: string | null;
  notAfter: Date | null;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export class Pkcs11Token {
  private constructor(private readonly pool: Pkcs11SessionPool) {}

  /** Opens the token and logs in with the user PIN (a wrong PIN → PKI_TOKEN_PIN_INCORRECT). */
  static open(opts: TokenOpenOptions): Pkcs11Token {
    // One session: USB keys allow few, and a bidder's client signs one thing at a time.
    return new Pkcs11Token(Pkcs11SessionPool.open({ modulePath: opts.modulePath, slot: { slot: opts.slot, tokenLabel: opts.tokenLabel }, pin: opts.pin, size: 1 }));
  }

  info(): TokenDescription {
    return describeToken(this.pool.p, this.pool.slot);
  }

  /** Generates a non-extractable signing key pair in the token. SM2 → PKI_ALG_NOT_ON_TOKEN on tokens without SM2 (SoftHSM2). */
  async generateKey(opts: { label: string; suite?: SuiteId }): Promise<TokenKey> {
    const suite = assertTokenSuite(opts.suite ?? "ecdsa-p256");
    const id = newCkaId();
    return this.pool.use((s) => {
      const pair = generateKeyPair(this.pool.p, s, suite, id, opts.label);
      const pub = spkiOfPublicKey(this.pool.p, s, pair.publicKey)!;
      return { id: id.toString("hex"), label: opts.label, suite, spki: pub.spki };
    }, "generate key pair");
  }

  private keyOf(s: Handle, id: string): { priv: Handle; key: TokenKey } {
    const ckaId = parseCkaId(id);
    const priv = findById(this.pool.p, s, P11.CKO_PRIVATE_KEY, ckaId);
    const pubH = findById(this.pool.p, s, P11.CKO_PUBLIC_KEY, ckaId);
    const pub = pubH ? spkiOfPublicKey(this.pool.p, s, pubH) : undefined;
    if (!priv || !pubH || !pub) throw new AppError("PKI_TOKEN_OBJECT_NOT_FOUND", { detail: `no usable key pair with CKA_ID ${id} on token "${this.info().label}"` });
    return { priv, key: { id, label: summaryOf(this.pool.p, s, pubH).label, suite: pub.suite, spki: pub.spki } };
  }

  /** A Signer for the key: signs full messages in the token (DER ECDSA over SHA-256, or PKCS#1 v1.5 SHA-256). */
  async signer(id: string): Promise<Signer> {
    const { key } = await this.pool.use((s) => this.keyOf(s, id), "find key");
    return {
      suite: key.suite,
      spki: key.spki,
      sign: (message) =>
        this.pool.use(async (s) => {
          const { priv } = this.keyOf(s, id);
          return signInToken(this.pool.p, s, priv, key.suite, message);
        }, "C_Sign"),
    };
  }

  /** Signs arbitrary data (a login challenge, a bid) with the token key. */
  async sign(id: string, data: Uint8Array): Promise<Uint8Array> {
    return (await this.signer(id)).sign(data);
  }

  /**
   * A PKCS#10 request signed by the token key. Under RA issuance the CA
   * takes the subject from the vetted application, so the request's subject
   * is a placeholder unless given.
   */
  async createCsr(id: string, subject: DnAttr[] = [["CN", "landtrade token enrollment"]]): Promise<Uint8Array> {
    return buildCsr(subject, await this.signer(id));
  }

  /**
   * Stores an issued certificate on the token as a CKO_CERTIFICATE with the
   * key's CKA_ID. The certificate must certify this key; a certificate
   * already stored under that id is replaced (renewal).
   */
  async storeCertificate(id: string, certDer: Uint8Array, label?: string): Promise<TokenCredential> {
    let cert;
    try {
      cert = parseCertificate(certDer);
    } catch (e) {
      throw new AppError("PKI_TOKEN_CERT_MISMATCH", { detail: `not an X.509 certificate: ${(e as Error).message}` });
    }
    const tbs = cert.tbsCertificate;
    const certSpki = new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
    return this.pool.use((s) => {
      const { key } = this.keyOf(s, id);
      if (sha256(certSpki) !== sha256(key.spki)) throw new AppError("PKI_TOKEN_CERT_MISMATCH", { detail: `the certificate does not certify the key ${id}` });
      const ckaId = parseCkaId(id);
      for (const old of findObjects(this.pool.p, s, [
        { type: P11.CKA_CLASS, value: P11.CKO_CERTIFICATE },
        { type: P11.CKA_ID, value: ckaId },
      ])) {
        this.pool.p.C_DestroyObject(s, old);
      }
      const serialContent = new Uint8Array(tbs.serialNumber);
      this.pool.p.C_CreateObject(s, [
        { type: P11.CKA_CLASS, value: P11.CKO_CERTIFICATE },
        { type: P11.CKA_CERTIFICATE_TYPE, value: P11.CKC_X_509 },
        { type: P11.CKA_TOKEN, value: true },
        { type: P11.CKA_PRIVATE, value: false },
        { type: P11.CKA_ID, value: ckaId },
        { type: P11.CKA_LABEL, value: label ?? key.label },
        { type: P11.CKA_SUBJECT, value: Buffer.from(AsnConvert.serialize(tbs.subject)) },
        { type: P11.CKA_ISSUER, value: Buffer.from(AsnConvert.serialize(tbs.issuer)) },
        { type: P11.CKA_SERIAL_NUMBER, value: Buffer.from(tlv(0x02, serialContent)) },
        { type: P11.CKA_VALUE, value: Buffer.from(certDer) },
      ]);
      return credentialOf(key, certDer);
    }, "store certificate");
  }

  /** Every key pair on the token with its certificate (if stored). */
  async credentials(): Promise<TokenCredential[]> {
    return this.pool.use((s) => {
      const out: TokenCredential[] = [];
      for (const h of findObjects(this.pool.p, s, [{ type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY }])) {
        const { id } = summaryOf(this.pool.p, s, h);
        let key: TokenKey;
        try {
          key = this.keyOf(s, id).key;
        } catch {
          continue; // a private key without its public half, or of a type we do not use
        }
        const certH = findObjects(this.pool.p, s, [
          { type: P11.CKA_CLASS, value: P11.CKO_CERTIFICATE },
          { type: P11.CKA_ID, value: Buffer.from(id, "hex") },
        ])[0];
        const der = certH ? new Uint8Array(attrs(this.pool.p, s, certH, [P11.CKA_VALUE])[0]!) : null;
        out.push(credentialOf(key, der));
      }
      return out;
    }, "list credentials");
  }

  /**
   * The credential to use: by key id or certificate serial; otherwise the
   * certified key whose certificate runs longest.
   */
  async findCredential(sel: { id?: string; serial?: string } = {}): Promise<TokenCredential & { certDer: Uint8Array }> {
    const all = (await this.credentials()).filter((c): c is TokenCredential & { certDer: Uint8Array } => c.certDer !== null);
    const hit = sel.id ? all.find((c) => c.id === sel.id) : sel.serial ? all.find((c) => c.serial === sel.serial!.toLowerCase()) : all.sort((a, b) => b.notAfter!.getTime() - a.notAfter!.getTime())[0];
    if (!hit) throw new AppError("PKI_TOKEN_OBJECT_NOT_FOUND", { detail: `no certificate${sel.id ? ` for key ${sel.id}` : sel.serial ? ` with serial ${sel.serial}` : ""} on token "${this.info().label}"` });
    return hit;
  }

  /** Removes a key pair and its certificate (a failed enrollment, a replaced key). */
  async deleteKey(id: string): Promise<void> {
    const ckaId = parseCkaId(id);
    await this.pool.use((s) => {
      for (const cls of [P11.CKO_CERTIFICATE, P11.CKO_PRIVATE_KEY, P11.CKO_PUBLIC_KEY]) {
        for (const h of findObjects(this.pool.p, s, [
          { type: P11.CKA_CLASS, value: cls },
          { type: P11.CKA_ID, value: ckaId },
        ])) {
          this.pool.p.C_DestroyObject(s, h);
        }
      }
    }, "delete key");
  }

  close(): void {
    this.pool.close();
  }
}

function credentialOf(key: TokenKey, certDer: Uint8Array | null): TokenCredential {
  if (!certDer) return { ...key, certDer: null, subject: null, serial: null, notAfter: null };
  const tbs = parseCertificate(certDer).tbsCertificate;
  return {
    ...key,
    certDer,
    subject: nameToString(tbs.subject),
    serial: Buffer.from(tbs.serialNumber).toString("hex"),
    notAfter: tbs.validity.notAfter.getTime(),
  };
}
