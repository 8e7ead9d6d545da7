/**
 * The "pkcs11" case of the key-store factory: the HSM named by config
 * (module, token label or slot, PIN, session count). Kept apart so the
 * factory (open-key-store.ts) needs one line for it.
 */
import type { Config } from "../../app/config.js";
import { AppError } from "../../shared/errors.js";
import { Pkcs11KeyStore } from "./pkcs11-key-store.js";

export function openPkcs11KeyStore(config: Pick<Config, "pkcs11Module" | "pkcs11Slot" | "pkcs11TokenLabel" | "pkcs11Pin" | "pkcs11Sessions">): Pkcs11KeyStore {
  if (!config.pkcs11Module || !config.pkcs11Pin) throw new AppError("CONFIG_INVALID", { detail: "keyStore pkcs11 needs pkcs11Module and pkcs11Pin" });
  return Pkcs11KeyStore.open({
    modulePath: config.pkcs11Module,
    slot: config.pkcs11Slot,
    tokenLabel: config.pkcs11TokenLabel,
    pin: config.pkcs11Pin,
    sessions: config.pkcs11Sessions,
  });
}
