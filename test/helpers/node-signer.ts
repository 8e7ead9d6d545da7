/** An in-memory ECDSA P-256 / RSA signer over node:crypto, for unit tests of the ASN.1 builders. */
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import type { Signer } from "../../src/pki/algs/suite.js";

export function memorySigner(suite: "ecdsa-p256" | "rsa-2048" = "ecdsa-p256"): Signer & { privateKey: KeyObject } {
  const { privateKey, publicKey } =
    suite === "ecdsa-p256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    suite,
    privateKey,
    spki: new Uint8Array(publicKey.export({ format: "der", type: "spki" })),
    sign: async (m) => new Uint8Array(nodeSign("sha256", m, suite === "ecdsa-p256" ? { key: privateKey, dsaEncoding: "der" } : privateKey)),
  };
}
