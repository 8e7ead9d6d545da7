/**
 * SM2 encryption (GB/T 32918.4, C1C3C2 ASN.1 per GM/T 0009) and SM4-CBC
 * against OpenSSL 3 as the independent peer, both directions; plus the
 * refusals: tampered hash, wrong key, malformed SM2Cipher.
 */
import { afterAll, describe, expect, it } from "vitest";
import { opensslDir } from "../../../test/helpers/openssl-dir.js";
import { toPem } from "../asn1/certificate.js";
import { sm2Decrypt, sm2Encrypt, sm2KeyPair, sm3 } from "./sm2.js";
import { parseSm2Cipher, sm2DecryptWith, sm2Ecdh, Sm2CipherError, sm2Kdf } from "./sm2-cipher.js";
import { sm4Available, sm4CbcDecrypt, sm4CbcEncrypt } from "./sm4.js";
import { sm2Spki, spkiPoint } from "./verify.js";

const o = opensslDir("lt-sm2enc-");
afterAll(() => o.cleanup());
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function opensslSm2Key(name: string): { priv: Uint8Array; pub: Uint8Array } {
  o.run(["genpkey", "-algorithm", "SM2", "-out", o.file(`${name}.pem`)]);
  const text = new TextDecoder().decode(o.run(["pkey", "-in", o.file(`${name}.pem`), "-noout", "-text"]));
  const block = (label: string) => text.split(`${label}:`)[1]!.split(/\n[A-Za-z]/)[0]!.replace(/[^0-9a-f]/g, "");
  const priv = Buffer.from(block("priv").padStart(64, "0"), "hex");
  o.run(["pkey", "-in", o.file(`${name}.pem`), "-pubout", "-outform", "DER", "-out", o.file(`${name}.spki`)]);
  return { priv: new Uint8Array(priv), pub: spkiPoint(o.read(`${name}.spki`)) };
}

describe("SM2 encryption vs OpenSSL", () => {
  const key = opensslSm2Key("k");
  const msgs = [Uint8Array.of(7), new TextEncoder().encode("SM4 会话密钥 0123456789abcdef"), new Uint8Array(1000).map((_, i) => i & 0xff)];

  it("OpenSSL decrypts what we encrypt (pkeyutl -decrypt)", () => {
    for (const m of msgs) {
      const c = sm2Encrypt(key.pub, m);
      o.write("c.der", c);
      expect(hex(o.run(["pkeyutl", "-decrypt", "-inkey", o.file("k.pem"), "-in", o.file("c.der")]))).toBe(hex(m));
      // C1C3C2 ASN.1: the hash sits before the ciphertext
      const parts = parseSm2Cipher(c);
      expect(parts.c3.length).toBe(32);
      expect(parts.c2.length).toBe(m.length);
    }
  });

  it("we decrypt what OpenSSL encrypts (pkeyutl -encrypt)", () => {
    for (const m of msgs) {
      o.write("m.bin", m);
      o.run(["pkeyutl", "-encrypt", "-inkey", o.file("k.pem"), "-in", o.file("m.bin"), "-out", o.file("o.der")]);
      expect(hex(sm2Decrypt(key.priv, o.read("o.der")))).toBe(hex(m));
    }
  });

  it("a flipped bit, another key or a malformed ciphertext fails with Sm2CipherError", () => {
    const m = new TextEncoder().encode("bid 1234");
    const c = sm2Encrypt(key.pub, m);
    for (let i = c.length - 12; i < c.length; i++) {
      const bad = c.slice();
      bad[i]! ^= 0x40;
      expect(() => sm2Decrypt(key.priv, bad)).toThrow(Sm2CipherError);
    }
    const other = sm2KeyPair();
    expect(() => sm2Decrypt(other.privateKey, c)).toThrow(Sm2CipherError);
    expect(() => sm2Decrypt(key.priv, c.subarray(0, 40))).toThrow(Sm2CipherError);
    expect(() => sm2Decrypt(key.priv, Uint8Array.of(0x30, 0))).toThrow(Sm2CipherError);
    expect(() => sm2Encrypt(Uint8Array.of(4, 1, 2, 3), m)).toThrow(Sm2CipherError);
    // a C1 that is not on the curve (x coordinate altered)
    const offCurve = c.slice();
    offCurve[6]! ^= 0x01;
    expect(() => sm2Decrypt(key.priv, offCurve)).toThrow(Sm2CipherError);
  });

  it("KDF output is what GB/T 32918.4 prescribes (SM3(Z‖ct) blocks) and the pure core matches the bound one", () => {
    const z = new Uint8Array(64).fill(1);
    const k = sm2Kdf(sm3, z, 40);
    expect(hex(k.subarray(0, 32))).toBe(hex(sm3(z, Uint8Array.of(0, 0, 0, 1))));
    expect(hex(k.subarray(32))).toBe(hex(sm3(z, Uint8Array.of(0, 0, 0, 2)).subarray(0, 8)));
    const kp = sm2KeyPair();
    const c = sm2Encrypt(kp.publicKey, Uint8Array.of(1, 2, 3));
    expect(hex(sm2DecryptWith(sm3, kp.privateKey, c))).toBe("010203");
  });

  it("ECDH on the SM2 curve agrees both ways", () => {
    const a = sm2KeyPair();
    const b = sm2KeyPair();
    expect(hex(sm2Ecdh(a.privateKey, b.publicKey))).toBe(hex(sm2Ecdh(b.privateKey, a.publicKey)));
    // and our SPKI of the OpenSSL key round-trips into OpenSSL
    o.write("pub.pem", toPem(sm2Spki(key.pub), "CERTIFICATE").replace(/CERTIFICATE/g, "PUBLIC KEY"));
    expect(new TextDecoder().decode(o.run(["pkey", "-pubin", "-in", o.file("pub.pem"), "-noout", "-text"]))).toMatch(/SM2/);
  });
});

describe("SM4-CBC vs OpenSSL", () => {
  it("this OpenSSL build has sm4-cbc", () => expect(sm4Available()).toBe(true));

  it("enc -sm4-cbc decrypts ours and we decrypt its output, with PKCS#7 padding", () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    const iv = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    for (const len of [0, 1, 15, 16, 17, 1000]) {
      const m = Uint8Array.from({ length: len }, (_, i) => (i * 13) & 0xff);
      const c = sm4CbcEncrypt(key, iv, m);
      expect(c.length).toBe((Math.floor(len / 16) + 1) * 16);
      o.write("c.bin", c);
      expect(hex(o.run(["enc", "-d", "-sm4-cbc", "-K", hex(key), "-iv", hex(iv), "-in", o.file("c.bin")]))).toBe(hex(m));
      o.write("m.bin", m);
      expect(hex(sm4CbcDecrypt(key, iv, o.run(["enc", "-sm4-cbc", "-K", hex(key), "-iv", hex(iv), "-in", o.file("m.bin")])))).toBe(hex(m));
    }
  });

  it("GB/T 32907 example: key = plaintext = 0123456789abcdeffedcba9876543210 → 681edf34d206965e86b3e94f536e4246", () => {
    const k = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
    // one block of CBC with a zero IV is one block of ECB
    expect(hex(sm4CbcEncrypt(k, new Uint8Array(16), k).subarray(0, 16))).toBe("681edf34d206965e86b3e94f536e4246");
  });

  it("refuses wrong sizes and bad padding", () => {
    const k = new Uint8Array(16);
    expect(() => sm4CbcEncrypt(new Uint8Array(15), k, k)).toThrow();
    expect(() => sm4CbcDecrypt(k, k, new Uint8Array(15))).toThrow();
    const c = sm4CbcEncrypt(k, k, Uint8Array.of(1, 2, 3));
    expect(() => sm4CbcDecrypt(Uint8Array.of(...k.subarray(1), 9), k, c)).toThrow();
  });
});
