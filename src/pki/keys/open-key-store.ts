/**
 * Chooses the key store from config. "file": encrypted PKCS#8 files under
 * <dataDir>/keys, passphrase from config or a random one kept there (0600).
 * "pkcs11": the HSM (src/pki/keys/pkcs11-key-store.ts), from pkcs11Module/TokenLabel/Slot/Pin.
 */
import path from "node:path";
import type { Config } from "../../app/config.js";
import { FileKeyStore } from "./file-key-store.js";
import type { KeyStore } from "./key-store.js";
import { LazyKeyStore } from "./lazy-key-store.js";
import { openPkcs11KeyStore } from "./open-pkcs11-key-store.js";

export const keyDirOf = (config: Pick<Config, "dataDir">): string => path.resolve(config.dataDir, "keys");

export function openKeyStore(config: Config): KeyStore {
  switch (config.keyStore) {
    case "file": {
      const dir = keyDirOf(config);
      // Resolved on first use, so commands that never sign do not create the key directory.
      return new FileKeyStore(dir, () => FileKeyStore.passphraseFor(dir, config.keyPassphrase).passphrase, config.sm2UserId);
    }
    case "pkcs11":
      // Logged in on first use: an HSM that is down fails signing with a coded error, not the whole start-up.
      return new LazyKeyStore("pkcs11", () => openPkcs11KeyStore(config));
  }
}
