/**
 * Keys as encrypted PKCS#8 files (PBES2, AES-256-CBC, scrypt-free so OpenSSL
 * and every PKCS#8 reader can open them with the passphrase): one
 * `<id>.key.pem` per key plus a public `<id>.json` (label, suite, SPKI).
 * Decrypted keys are held in memory only as node KeyObjects / SM2 scalars.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign as nodeSign, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { ECParameters, ECPrivateKey } from "@peculiar/asn1-ecc";
import { PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import { sm2KeyPair, Sm2SigningKey } from "../algs/sm2.js";
import { OID, SUITES, type Signer, type SuiteId } from "../algs/suite.js";
import { sm2Spki } from "../algs/verify.js";
import type { Decrypter } from "../algs/decrypter.js";
import type { KeyInfo, KeyRef, KeyStore } from "./key-store.js";
import { softwareDecrypter } from "./software-decrypter.js";

interface KeyMeta {
  id: string;
  label: string;
  suite: SuiteId;
  spki: string; // base64 DER
}

const ID_RE = /^[a-z0-9-]{8,64}$/;

/** PKCS#8 PrivateKeyInfo for an SM2 scalar (id-ecPublicKey + SM2 curve OID), so OpenSSL reads it as an SM2 key. */
function sm2Pkcs8(privateKey: Uint8Array, publicKey: Uint8Array): Buffer {
  const params = AsnConvert.serialize(new ECParameters({ namedCurve: OID.sm2Curve }));
  const ec = new ECPrivateKey({ privateKey: new OctetString(privateKey), publicKey: publicKey.slice().buffer });
  const info = new PrivateKeyInfo({
    privateKeyAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters: params }),
    privateKey: new OctetString(AsnConvert.serialize(ec)),
  });
  return Buffer.from(AsnConvert.serialize(info));
}

function sm2ScalarOf(key: KeyObject): Uint8Array {
  const der = key.export({ format: "der", type: "pkcs8" });
  const info = AsnConvert.parse(der, PrivateKeyInfo);
  const ec = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
  return new Uint8Array(ec.privateKey.buffer);
}

export class FileKeyStore implements KeyStore {
  readonly kind = "file" as const;
  private readonly signers = new Map<string, Signer>();

  /**
   * `passphrase` may be a function: it is then asked once, on first use, so
   * opening the system does not touch the key directory until a key is needed.
   */
  constructor(
    private readonly dir: string,
    private readonly passphraseSource: string | (() => string),
    private readonly sm2UserId: string,
  ) {}

  private cachedPassphrase: string | undefined;
  private get passphrase(): string {
    this.cachedPassphrase ??= typeof this.passphraseSource === "string" ? this.passphraseSource : this.passphraseSource();
    return this.cachedPassphrase;
  }

  /** The configured passphrase, or a random one created once in the key directory (0600). */
  static passphraseFor(dir: string, configured: string | undefined): { passphrase: string; generated: boolean } {
    if (configured) return { passphrase: configured, generated: false };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, ".passphrase");
    if (existsSync(file)) return { passphrase: readFileSync(file, "utf8").trim(), generated: false };
    const passphrase = randomBytes(24).toString("base64url");
    writeFileSync(file, `${passphrase}\n`, { mode: 0o600 });
    return { passphrase, generated: true };
  }

  async generate(suite: SuiteId, label: string): Promise<KeyInfo> {
    if (!SUITES.includes(suite)) throw new AppError("PKI_SUITE_UNKNOWN", { detail: String(suite) });
    const id = `${suite}-${randomBytes(8).toString("hex")}`;
    let pkcs8: KeyObject;
    let spki: Uint8Array;
    if (suite === "sm2") {
      const kp = sm2KeyPair();
      pkcs8 = createPrivateKey({ key: sm2Pkcs8(kp.privateKey, kp.publicKey), format: "der", type: "pkcs8" });
      spki = sm2Spki(kp.publicKey);
    } else {
      const kp = suite === "ecdsa-p256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
      pkcs8 = kp.privateKey;
      spki = new Uint8Array(kp.publicKey.export({ format: "der", type: "spki" }));
    }
    const pem = pkcs8.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: this.passphrase });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const keyFile = path.join(this.dir, `${id}.key.pem`);
    writeFileSync(keyFile, pem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const meta: KeyMeta = { id, label, suite, spki: Buffer.from(spki).toString("base64") };
    writeFileSync(path.join(this.dir, `${id}.json`), `${JSON.stringify(meta, null, 2)}\n`);
    return { store: "file", id, suite, label, spki };
  }

  private meta(ref: KeyRef): KeyMeta {
    if (ref.store !== "file" || !ID_RE.test(ref.id)) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `${ref.store}:${ref.id}` });
    const file = path.join(this.dir, `${ref.id}.json`);
    if (!existsSync(file)) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `file:${ref.id}` });
    return JSON.parse(readFileSync(file, "utf8")) as KeyMeta;
  }

  async publicKey(ref: KeyRef): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from(this.meta(ref).spki, "base64"));
  }

  async signer(ref: KeyRef): Promise<Signer> {
    const cached = this.signers.get(ref.id);
    if (cached) return cached;
    const meta = this.meta(ref);
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: readFileSync(path.join(this.dir, `${ref.id}.key.pem`)), format: "pem", passphrase: this.passphrase });
    } catch (e) {
      // The message names the file, never the passphrase.
      throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: `cannot decrypt key file ${ref.id}.key.pem (wrong passphrase or damaged file): ${(e as Error).message}` });
    }
    const spki = new Uint8Array(Buffer.from(meta.spki, "base64"));
    let signer: Signer;
    if (meta.suite === "sm2") {
      const sm2 = new Sm2SigningKey(sm2ScalarOf(key), this.sm2UserId);
      signer = { suite: "sm2", spki, sign: async (m) => sm2.sign(m) };
    } else if (meta.suite === "ecdsa-p256") {
      signer = { suite: "ecdsa-p256", spki, sign: async (m) => new Uint8Array(nodeSign("sha256", m, { key, dsaEncoding: "der" })) };
    } else {
      signer = { suite: "rsa-2048", spki, sign: async (m) => new Uint8Array(nodeSign("sha256", m, key)) };
    }
    this.signers.set(ref.id, signer);
    return signer;
  }

  /** The decrypting side of a stored key (envelopes to the security service's own certificates). */
  async decrypter(ref: KeyRef): Promise<Decrypter> {
    this.meta(ref);
    try {
      return softwareDecrypter(createPrivateKey({ key: readFileSync(path.join(this.dir, `${ref.id}.key.pem`)), format: "pem", passphrase: this.passphrase }));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: `cannot decrypt key file ${ref.id}.key.pem: ${(e as Error).message}` });
    }
  }

  async list(): Promise<KeyInfo[]> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(path.join(this.dir, f), "utf8")) as KeyMeta)
      .map((m) => ({ store: "file" as const, id: m.id, suite: m.suite, label: m.label, spki: new Uint8Array(Buffer.from(m.spki, "base64")) }));
  }

  async close(): Promise<void> {
    this.signers.clear();
  }
}
