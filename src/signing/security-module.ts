/**
 * Builds the security service's parts from config and storage, for the
 * container: validation cache around the validator, verify service, call
 * log, service. The validator, key access, TSA and escrow are ports, filled
 * by the PKI/RA modules as they land (see the interim choices below).
 */
import path from "node:path";
import type { Clock } from "../app/clock.js";
import type { Config } from "../app/config.js";
import type { AuditService } from "../ops/audit.service.js";
import { FileKeyStore } from "../pki/keys/file-key-store.js";
import type { Store } from "../storage/store.js";
import { CallLog } from "./call-log.js";
import { SecurityService, type EscrowKeys, type ServiceKeyAccess, type Timestamper } from "./security.service.js";
import { TrustStoreValidator } from "./trust-store-validator.js";
import { ValidationCache, type CertificateValidator } from "./validation.js";
import { VerifyService } from "./verify.service.js";

export interface SecurityModule {
  service: SecurityService;
  verify: VerifyService;
  validation: ValidationCache;
  calls: CallLog;
}

export interface SecurityPorts {
  validator?: CertificateValidator;
  keys?: ServiceKeyAccess;
  timestamper?: Timestamper;
  escrow?: EscrowKeys;
  onCallLogError?: (e: unknown) => void;
}

export function createSecurityModule(config: Config, store: Store, audit: AuditService, clock: Clock, ports: SecurityPorts = {}): SecurityModule {
  // Interim until pki-enroll's validator is wired: our CA rows + the certificate table.
  const validator = ports.validator ?? new TrustStoreValidator(store, clock);
  const validation = new ValidationCache(validator, clock, { freshnessSeconds: config.securityFreshnessSeconds, maxEntries: 50_000, defaultMode: config.securityRevocationMode });
  // Interim until the container's shared key store (pki-enroll) is passed in: the same key directory.
  const keys = ports.keys ?? (config.keyStore === "file" ? lazyFileKeys(config) : undefined);
  const service = new SecurityService(store, audit, clock, validation, keys, { maxPayloadBytes: config.securityMaxPayloadBytes, challengeTtlSeconds: config.securityChallengeTtlSeconds }, ports.timestamper, ports.escrow);
  const calls = new CallLog(store, clock, { flushMs: 100, maxBatch: 1000 }, ports.onCallLogError);
  return { service, verify: new VerifyService(clock, validation), validation, calls };
}

/** The same key directory as the CA's file key store, opened on first use (no files touched until a key is needed). */
function lazyFileKeys(config: Config): ServiceKeyAccess {
  let store: FileKeyStore | undefined;
  const open = () => {
    if (!store) {
      const dir = path.resolve(config.dataDir, "keys");
      store = new FileKeyStore(dir, FileKeyStore.passphraseFor(dir, config.keyPassphrase).passphrase, config.sm2UserId);
    }
    return store;
  };
  return { signer: (ref) => open().signer(ref), decrypter: (ref) => open().decrypter(ref) };
}
