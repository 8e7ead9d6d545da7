/**
 * Opens the real key store on first use: commands that never sign (user
 * admin, audit verify) neither decrypt key files nor log in to the HSM, and
 * an HSM that is down fails the signing request with a coded error instead
 * of the whole process at start-up.
 */
import type { Signer, SuiteId } from "../algs/suite.js";
import type { KeyInfo, KeyRef, KeyStore, KeyStoreKind } from "./key-store.js";

export class LazyKeyStore implements KeyStore {
  private inner: KeyStore | undefined;

  constructor(
    readonly kind: KeyStoreKind,
    private readonly open: () => KeyStore,
  ) {}

  private get(): KeyStore {
    this.inner ??= this.open();
    return this.inner;
  }

  async generate(suite: SuiteId, label: string): Promise<KeyInfo> {
    return this.get().generate(suite, label);
  }
  async signer(ref: KeyRef): Promise<Signer> {
    return this.get().signer(ref);
  }
  async publicKey(ref: KeyRef): Promise<Uint8Array> {
    return this.get().publicKey(ref);
  }
  async list(): Promise<KeyInfo[]> {
    return this.get().list();
  }
  async close(): Promise<void> {
    await this.inner?.close();
    this.inner = undefined;
  }
}
