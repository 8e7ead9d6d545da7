import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nodeGm } from "../pki/algs/gm-node.js";
import { CMS_OID } from "../pki/asn1/cms-oids.js";
import { SIG_OID, verifySig } from "../../sdk/src/crypto/sig-verify.js";
import { nodeHostCrypto } from "./node-host-crypto.js";

const der = (k: ReturnType<typeof generateKeyPairSync>["publicKey"]) => new Uint8Array(k.export({ format: "der", type: "spki" }));

describe("nodeHostCrypto (the server's CMS fast path)", () => {
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const data = new TextEncoder().encode("成交确认书 LT-2026-0042");
  const sig = new Uint8Array(sign("sha256", data, p256.privateKey));

  it("agrees with the isomorphic WebCrypto path on P-256: good, other data, other key, mangled signature", async () => {
    const spki = der(p256.publicKey);
    const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
      [spki, data, sig],
      [spki, new TextEncoder().encode("另一份"), sig],
      [der(other.publicKey), data, sig],
      [spki, data, sig.slice(0, sig.length - 1)],
      [spki, data, new Uint8Array(0)],
    ];
    const answers = [];
    for (const [k, d, s] of cases) {
      const fast = nodeHostCrypto.verify!(k, SIG_OID.ecdsaWithSha256, d, s);
      expect(fast).toBe(await verifySig(k, SIG_OID.ecdsaWithSha256, d, s, nodeGm));
      answers.push(fast);
    }
    expect(answers).toEqual([true, false, false, false, false]);
  });

  it("declines SM2 and RSA (they keep their own paths), and an ECDSA signature on an RSA key is false", () => {
    expect(nodeHostCrypto.verify!(der(p256.publicKey), SIG_OID.sm2WithSm3, data, sig)).toBeUndefined();
    expect(nodeHostCrypto.verify!(der(rsa.publicKey), SIG_OID.sha256WithRsa, data, sig)).toBeUndefined();
    expect(nodeHostCrypto.verify!(der(rsa.publicKey), SIG_OID.ecdsaWithSha256, data, sig)).toBe(false);
  });

  it("digests SHA-2 and leaves SM3 to the GM code", () => {
    expect(Buffer.from(nodeHostCrypto.digest!(CMS_OID.sha256, data)!).toString("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    expect(nodeHostCrypto.digest!(CMS_OID.sm3, data)).toBeUndefined();
  });
});
