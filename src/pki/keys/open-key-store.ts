/**
 * Chooses the key store from config. "file": encrypted PKCS#8 files under
 * <dataDir>/keys, passphrase from config or a random one kept there (0600).
 * "pkcs11": the HSM back end (src/pki/keys/pkcs11-key-store.ts) plugs in here.
 */
import path from "node:path";
import type { Config } from "../../app/config.js";
import { AppError } from "../../shared/errors.js";
import { FileKeyStore } from "./file-key-store.js";
import type { KeyStore } from "./key-store.js";

export const keyDirOf = (config: Pick<Config, "dataDir">): string => path.resolve(config.dataDir, "keys");

export function openKeyStore(config: Config): KeyStore {
  switch (config.keyStore) {
    case "file": {
      const dir = keyDirOf(config);
      // Resolved on first use, so commands that never sign do not create the key directory.
      return new FileKeyStore(dir, () => FileKeyStore.passphraseFor(dir, config.keyPassphrase).passphrase, config.sm2UserId);
    }
    case "pkcs11":
      throw new AppError("PKI_KEY_STORE_UNSUPPORTED", { detail: "keyStore=pkcs11: the PKCS#11 key store is not part of this build yet; use keyStore=file" });
  }
}
