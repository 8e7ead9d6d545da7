/**
 * CA, OCSP and TSA keys in a PKCS#11 HSM (SoftHSM2 in tests). Keys are
 * generated in the token as sensitive, non-extractable objects with a random
 * CKA_ID and a label; rows hold only `pkcs11:<CKA_ID hex>`. Signing happens
 * in the token through a pool of logged-in sessions, so concurrent issuance,
 * OCSP and TSA signing are safe.
 */
import { AppError } from "../../shared/errors.js";
import type { Signer, SuiteId } from "../algs/suite.js";
import type { KeyInfo, KeyRef, KeyStore } from "./key-store.js";
import { describeToken, P11, type Handle, type TokenDescription } from "./pkcs11-module.js";
import { assertTokenSuite, findById, findObjects, generateKeyPair, newCkaId, parseCkaId, signInToken, spkiOfPublicKey, summaryOf, type TokenSuite } from "./pkcs11-objects.js";
import { Pkcs11SessionPool } from "./pkcs11-session-pool.js";

export interface Pkcs11KeyStoreOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  modulePath: string;
  slot?: number | undefined;
  tokenLabel?: string | undefined;
  pin: string;
  /** Concurrent signing sessions (default 4). */
  sessions?: number | undefined;
}

interface KeyEntry {
  suite: TokenSuite;
  spki: Uint8Array;
  handle: Handle | undefined;
}

export class Pkcs11KeyStore implements KeyStore {
  readonly kind = "pkcs11" as const;
  private readonly keys = new Map<string, KeyEntry>();
  private readonly signers = new Map<string, Signer>();

  private constructor(private readonly pool: Pkcs11SessionPool) {}

  /** Opens the token and logs in; a wrong PIN, missing module or token fails here with a coded error. */
  static open(opts: Pkcs11KeyStoreOptions): Pkcs11KeyStore {
    const pool = Pkcs11SessionPool.open({ modulePath: opts.modulePath, slot: { slot: opts.slot, tokenLabel: opts.tokenLabel }, pin: opts.pin, size: opts.sessions ?? 4 });
    return new Pkcs11KeyStore(pool);
  }

  token(): TokenDescription {
    return describeToken(this.pool.p, this.pool.slot);
  }

  async generate(suite: SuiteId, label: string): Promise<KeyInfo> {
    const ts = assertTokenSuite(suite);
    const id = newCkaId();
    return this.pool.use((s) => {
      const pair = generateKeyPair(this.pool.p, s, ts, id, label);
      const pub = spkiOfPublicKey(this.pool.p, s, pair.publicKey)!;
      this.keys.set(id.toString("hex"), { suite: ts, spki: pub.spki, handle: pair.privateKey });
      return { store: "pkcs11" as const, id: id.toString("hex"), suite: ts, label, spki: pub.spki };
    });
  }

  private async entry(ref: KeyRef): Promise<KeyEntry> {
    if (ref.store !== "pkcs11") throw new AppError("PKI_KEY_NOT_FOUND", { detail: `${ref.store}:${ref.id} is not a PKCS#11 key` });
    assertTokenSuite(ref.suite);
    const have = this.keys.get(ref.id);
    if (have) return have;
    const id = parseCkaId(ref.id);
    return this.pool.use((s) => {
      const pubH = findById(this.pool.p, s, P11.CKO_PUBLIC_KEY, id);
      const privH = findById(this.pool.p, s, P11.CKO_PRIVATE_KEY, id);
      if (!pubH || !privH) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `pkcs11:${ref.id} is not on token "${this.token().label}"` });
      const pub = spkiOfPublicKey(this.pool.p, s, pubH);
      if (!pub || pub.suite !== ref.suite) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `pkcs11:${ref.id} is not a ${ref.suite} key` });
      const e: KeyEntry = { suite: pub.suite, spki: pub.spki, handle: privH };
      this.keys.set(ref.id, e);
      return e;
    });
  }

  async publicKey(ref: KeyRef): Promise<Uint8Array> {
    return (await this.entry(ref)).spki;
  }

  async signer(ref: KeyRef): Promise<Signer> {
    const cached = this.signers.get(ref.id);
    if (cached) return cached;
    const e = await this.entry(ref);
    const id = parseCkaId(ref.id);
    const signer: Signer = {
      suite: e.suite,
      spki: e.spki,
      sign: (message) =>
        this.pool.use(async (s, attempt) => {
          // After a lost session the cached object handle may be stale too: find the key again.
          if (attempt > 0 || !e.handle) e.handle = findById(this.pool.p, s, P11.CKO_PRIVATE_KEY, id);
          if (!e.handle) throw new AppError("PKI_KEY_NOT_FOUND", { detail: `pkcs11:${ref.id}` });
          return signInToken(this.pool.p, s, e.handle, e.suite, message);
        }, `C_Sign with pkcs11:${ref.id}`),
    };
    this.signers.set(ref.id, signer);
    return signer;
  }

  async list(): Promise<KeyInfo[]> {
    return this.pool.use((s) => {
      const out: KeyInfo[] = [];
      for (const h of findObjects(this.pool.p, s, [{ type: P11.CKA_CLASS, value: P11.CKO_PUBLIC_KEY }])) {
        const pub = spkiOfPublicKey(this.pool.p, s, h);
        if (!pub) continue;
        const { id, label } = summaryOf(this.pool.p, s, h);
        // Only key pairs whose private half is on the token are usable keys.
        if (!findById(this.pool.p, s, P11.CKO_PRIVATE_KEY, Buffer.from(id, "hex"))) continue;
        out.push({ store: "pkcs11", id, suite: pub.suite, label, spki: pub.spki });
      }
      return out.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    });
  }

  async close(): Promise<void> {
    this.signers.clear();
    this.keys.clear();
    this.pool.close();
  }
}
