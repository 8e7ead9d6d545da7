/**
 * A token in memory, for Node scripts, tests and load generators: P-256 keys
 * as non-extractable WebCrypto keys, SM2 keys as scalars. Certificates are
 * attached once issued. Not for production secrets (the key lives in the
 * process), which is exactly what soft tests and benches want.
 */
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";
import { sm2DecryptWith, sm2Ecdh } from "../../../src/pki/algs/sm2-cipher.js";
import { sm2GenerateKey, sm2SignWith } from "../../../src/pki/algs/sm2-sign-pure.js";
import { ab } from "../bytes.js";
import { p1363ToDer } from "../crypto/sig-verify.js";
import { webGm } from "../crypto/web-gm.js";
import { SdkError } from "../errors.js";
import type { Decrypter, Signer, Token, TokenKey } from "./token.js";
import { sm2SpkiOf } from "./spki.js";

interface Entry {
  key: TokenKey;
  signer: Signer;
  decrypter: Decrypter;
}

const unsupported = (what: string) => SdkError.of("SEC_ALG_UNSUPPORTED", what);

export class MemoryToken implements Token {
  readonly kind = "memory" as const;
  private readonly keys = new Map<string, Entry>();
  private seq = 0;

  constructor(private readonly gm: GmCrypto = webGm) {}

  /** Generates a key pair; returns its public key for a CSR or a test CA. */
  async generate(suite: "ecdsa-p256" | "sm2", label: string, purpose: "sign" | "encrypt" = "sign"): Promise<TokenKey> {
    const id = `${suite}-${++this.seq}`;
    let entry: Entry;
    if (suite === "sm2") {
      const kp = sm2GenerateKey();
      const key: TokenKey = { id, label, suite, spki: sm2SpkiOf(kp.publicKey), purpose };
      entry = {
        key,
        signer: { suite, spki: key.spki, sign: async (m) => sm2SignWith(this.gm.sm3, kp.privateKey, m) },
        decrypter: {
          suite,
          spki: key.spki,
          agree: async (peer) => sm2Ecdh(kp.privateKey, peer),
          unwrap: async (t, c) => {
            if (t.alg !== "sm2") throw unsupported(`${t.alg} with an SM2 key`);
            return sm2DecryptWith(this.gm.sm3, kp.privateKey, c);
          },
        },
      };
    } else {
      const subtle = globalThis.crypto.subtle;
      const algo = purpose === "sign" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "ECDH", namedCurve: "P-256" };
      const pair = (await subtle.generateKey(algo, false, purpose === "sign" ? ["sign", "verify"] : ["deriveBits"])) as CryptoKeyPair;
      const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
      const key: TokenKey = { id, label, suite, spki, purpose };
      entry = {
        key,
        signer: {
          suite,
          spki,
          sign: async (m) => {
            if (purpose !== "sign") throw unsupported("signing with an encryption key");
            return p1363ToDer(new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, ab(m))));
          },
        },
        decrypter: {
          suite,
          spki,
          agree: async (peer) => {
            if (purpose !== "encrypt") throw unsupported("key agreement with a signing key");
            const pub = await subtle.importKey("raw", ab(peer), { name: "ECDH", namedCurve: "P-256" }, false, []);
            return new Uint8Array(await subtle.deriveBits({ name: "ECDH", public: pub }, pair.privateKey, 256));
          },
          unwrap: async (t) => {
            throw unsupported(`${t.alg} with a P-256 key`);
          },
        },
      };
    }
    this.keys.set(id, entry);
    return entry.key;
  }

  attachCertificate(keyId: string, certificate: Uint8Array): void {
    this.entry(keyId).key.certificate = certificate;
  }

  private entry(id: string): Entry {
    const e = this.keys.get(id);
    if (!e) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", id);
    return e;
  }

  async list(): Promise<TokenKey[]> {
    return [...this.keys.values()].map((e) => e.key);
  }

  async signer(keyId: string): Promise<Signer> {
    return this.entry(keyId).signer;
  }

  async decrypter(keyId: string): Promise<Decrypter> {
    return this.entry(keyId).decrypter;
  }
}
