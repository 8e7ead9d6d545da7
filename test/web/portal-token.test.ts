/**
 * The browser token's crypto, run in Node (same WebCrypto API): its SM2
 * signatures verify under the server's SM2 (GM/T 0009 user ID), and the
 * PKCS#10 requests it builds — P-256 from a non-extractable WebCrypto key,
 * SM2 from a sealed scalar — pass the server's proof-of-possession check.
 */
import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sm2Verify } from "../../src/pki/algs/sm2.js";
import { parseCsr } from "../../src/pki/asn1/csr.js";
import { p1363ToDer } from "../../web/src/portal/token/der-sig.ts";
import { buildCsr, sm2Spki } from "../../web/src/portal/token/csr.ts";
import { sm2Generate, sm2PublicOf, sm2Sign } from "../../web/src/portal/token/sm2.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("browser token crypto", () => {
  it("SM2 signatures verify on the server with the default and a custom user ID, and not with another", () => {
    const kp = sm2Generate();
    expect(sm2PublicOf(kp.privateKey)).toEqual(kp.publicKey);
    for (let i = 0; i < 5; i++) {
      const msg = utf8(`landtrade bidder login\nnonce: ${i}`);
      const sig = sm2Sign(kp.privateKey, msg);
      expect(sm2Verify(kp.publicKey, msg, sig)).toBe(true);
      expect(sm2Verify(kp.publicKey, utf8("other"), sig)).toBe(false);
      expect(sm2Verify(kp.publicKey, msg, sig, "another-id")).toBe(false);
    }
    const custom = sm2Sign(kp.privateKey, utf8("x"), "ALICE123@YAHOO.COM");
    expect(sm2Verify(kp.publicKey, utf8("x"), custom, "ALICE123@YAHOO.COM")).toBe(true);
  });

  it("a P-256 request from a non-extractable WebCrypto key passes proof of possession", async () => {
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    await expect(crypto.subtle.exportKey("pkcs8", pair.privateKey)).rejects.toThrow();
    const csr = await buildCsr(
      { suite: "ecdsa-p256", spki, sign: async (m) => p1363ToDer(new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, m))) },
      "浏览器证书",
    );
    const parsed = parseCsr(csr);
    expect(parsed.suite).toBe("ecdsa-p256");
    expect(parsed.subjectText).toBe("CN=浏览器证书");
    expect(Buffer.compare(Buffer.from(parsed.spki), Buffer.from(spki))).toBe(0);
  });

  it("an SM2 request passes the server's check with the GM/T 0009 user ID", async () => {
    const kp = sm2Generate();
    const csr = await buildCsr({ suite: "sm2", spki: sm2Spki(kp.publicKey), sign: async (m) => sm2Sign(kp.privateKey, m) }, "SM2 软证书");
    expect(parseCsr(csr).suite).toBe("sm2");
    const wrongId = await buildCsr({ suite: "sm2", spki: sm2Spki(kp.publicKey), sign: async (m) => sm2Sign(kp.privateKey, m, "wrong-id") }, "x");
    expect(() => parseCsr(wrongId)).toThrow(/proof of possession|does not verify/);
  });
});
