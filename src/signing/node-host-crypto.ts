/**
 * The server's fast path for CMS verification (sdk HostCrypto): SHA-2
 * digests and ECDSA P-256 verification straight through node:crypto
 * (OpenSSL, synchronous, public keys parsed once — the same primitive the
 * benchmark's raw figure measures). SM2 is declined here on purpose: it
 * stays on the GM/T 0009 code with the signer's user ID; RSA stays on
 * WebCrypto so its acceptance rules do not change.
 */
import { createHash } from "node:crypto";
import { OID } from "../pki/algs/suite.js";
import { verifySignature } from "../pki/algs/verify.js";
import { CMS_OID } from "../pki/asn1/cms-oids.js";
import type { HostCrypto } from "../../sdk/src/cms/signed-data.js";

const HASHES: Record<string, string> = { [CMS_OID.sha256]: "sha256", [CMS_OID.sha384]: "sha384", [CMS_OID.sha512]: "sha512" };

export const nodeHostCrypto: HostCrypto = {
  digest(oid, data) {
    const name = HASHES[oid];
    return name ? new Uint8Array(createHash(name).update(data).digest()) : undefined;
  },
  verify(spki, sigAlgOid, data, signature) {
    if (sigAlgOid !== OID.ecdsaWithSha256) return undefined;
    // verifySignature checks the key is P-256 (false for any other key, as the SDK's own check would).
    return verifySignature(spki, sigAlgOid, data, signature);
  },
};
