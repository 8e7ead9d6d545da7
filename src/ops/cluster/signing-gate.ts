/**
 * The issuance key store as the PKI services see it with failover on: every
 * signature with a CA, OCSP or TSA key first asks the leader controller
 * whether this node is the primary (lease held with margin). A standby that
 * was handed a signer earlier (signers are cached) still cannot sign.
 */
import type { KeyStore } from "../../pki/keys/key-store.js";

export interface SigningGate {
  enabled: boolean;
  assertLeader(): void;
}

export function gatedKeyStore(keys: KeyStore, gate: SigningGate): KeyStore {
  if (!gate.enabled) return keys;
  return {
    get kind() {
      return keys.kind;
    },
    generate: (suite, label) => keys.generate(suite, label),
    publicKey: (ref) => keys.publicKey(ref),
    list: () => keys.list(),
    close: () => keys.close(),
    async signer(ref) {
      const s = await keys.signer(ref);
      return {
        suite: s.suite,
        spki: s.spki,
        sign: async (m) => {
          gate.assertLeader();
          return s.sign(m);
        },
      };
    },
  };
}
