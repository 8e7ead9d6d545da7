/**
 * The SDK's client-side crypto against independent peers: OpenSSL verifies
 * the SignedData the SDK builds (P-256) and the SDK verifies OpenSSL's; SM2
 * signatures from the SDK's pure code verify with the server's SM2 code and
 * chains the server-side SM2 code signed verify in the SDK; envelopes sealed
 * with the SDK's pure SM3/SM4 open on the server's OpenSSL-backed path and
 * back; the browser soft token (IndexedDB + non-extractable WebCrypto keys)
 * signs and decrypts.
 */
import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniCa, type MiniCa } from "../../test/helpers/mini-ca.js";
import { opensslDir } from "../../test/helpers/openssl-dir.js";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { sm2Verify } from "../../src/pki/algs/sm2.js";
import { spkiPoint } from "../../src/pki/algs/verify.js";
import { decryptEnvelope, encryptEnvelope } from "../../src/pki/asn1/cms-enveloped.js";
import { softwareDecrypter } from "../../src/pki/keys/software-decrypter.js";
import { checkChain, LandtradeClient, MemoryToken, SoftToken, SOFT_TOKEN_DB, toPem, verifyCms, webGm } from "../src/index.js";
import { isSdkError } from "../src/errors.js";

const NOW = new Date("2026-03-02T08:00:00Z");
const o = opensslDir("lt-sdk-");
afterAll(() => o.cleanup());
const text = (s: string) => new TextEncoder().encode(s);
const DOC = text("成交确认书 LT-2026-0017：竞得人 3 号，成交价 12,345,000 元。");

const derLen = (n: number) => (n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSdkError(e)) return e.code;
    throw e;
  }
  throw new Error("expected an SdkError");
}

let p256Ca: MiniCa, sm2Ca: MiniCa, otherCa: MiniCa;
const token = new MemoryToken();
let pKey: string, sKey: string;
beforeAll(async () => {
  p256Ca = await miniCa("ecdsa-p256", NOW);
  sm2Ca = await miniCa("sm2", NOW);
  otherCa = await miniCa("ecdsa-p256", NOW, "Some Other CA");
  const p = await token.generate("ecdsa-p256", "bidder P-256");
  token.attachCertificate(p.id, await p256Ca.issue(p.spki, "竞买人 张三"));
  const s = await token.generate("sm2", "bidder SM2");
  token.attachCertificate(s.id, await sm2Ca.issue(s.spki, "竞买人 李四"));
  [pKey, sKey] = [p.id, s.id];
  o.write("root.pem", toPem(p256Ca.cert, "CERTIFICATE"));
  o.write("doc.txt", DOC);
});

const client = new LandtradeClient({ baseUrl: "http://unused.invalid", now: () => NOW });

describe("SignedData built by the SDK", () => {
  it("P-256 attached and detached: OpenSSL cms -verify accepts them; the SDK verifies and checks the chain", async () => {
    const attached = await client.signDocument(token, DOC, { keyId: pKey });
    o.write("a.p7s", attached);
    expect(Buffer.from(o.run(["cms", "-verify", "-inform", "DER", "-in", o.file("a.p7s"), "-CAfile", o.file("root.pem"), "-purpose", "any", "-attime", String(NOW.getTime() / 1000)])).equals(Buffer.from(DOC))).toBe(true);
    const detached = await client.signDocument(token, DOC, { keyId: pKey, detached: true });
    o.write("d.p7s", detached);
    o.run(["cms", "-verify", "-inform", "DER", "-in", o.file("d.p7s"), "-content", o.file("doc.txt"), "-binary", "-CAfile", o.file("root.pem"), "-purpose", "any", "-attime", String(NOW.getTime() / 1000), "-out", o.file("out.txt")]);
    const v = await client.verifyReceipt(detached, { content: DOC, anchors: [p256Ca.cert] });
    expect(v.signer.subject).toContain("竞买人 张三");
    expect(v.signingTime?.toISOString()).toBe(NOW.toISOString());
    expect(v.detached).toBe(true);
  });

  it("refuses changed content, a missing detached content, an unknown CA and a time outside validity", async () => {
    const detached = await client.signDocument(token, DOC, { keyId: pKey, detached: true });
    expect(await code(client.verifyReceipt(detached, { content: text("changed"), anchors: [p256Ca.cert] }))).toBe("SEC_SIG_INVALID");
    expect(await code(client.verifyReceipt(detached, { anchors: [p256Ca.cert] }))).toBe("SEC_CONTENT_MISSING");
    expect(await code(client.verifyReceipt(detached, { content: DOC, anchors: [otherCa.cert] }))).toBe("SEC_CHAIN_UNTRUSTED");
    const v = await verifyCms(detached, { content: DOC, gm: webGm });
    expect(await code(checkChain(v.signer.der, [], [p256Ca.cert], new Date("2030-01-01T00:00:00Z"), webGm))).toBe("SEC_CERT_EXPIRED");
    expect(await code(checkChain(v.signer.der, [], [p256Ca.cert], new Date("2020-01-01T00:00:00Z"), webGm))).toBe("SEC_CERT_NOT_YET_VALID");
    expect(await code(verifyCms(text("not cms at all"), { gm: webGm }))).toBe("SEC_CMS_MALFORMED");
    const env = await encryptEnvelope(DOC, [await p256Ca.issue((await token.generate("ecdsa-p256", "e", "encrypt")).spki, "enc", { usage: "encrypt" })], { gm: nodeGm });
    expect(await code(verifyCms(env.der, { gm: webGm }))).toBe("SEC_CONTENT_TYPE_WRONG");
  });

  it("verifies what OpenSSL signs (P-256 and RSA signers, with the chain check)", async () => {
    const rsaCa = await miniCa("rsa-2048", NOW);
    for (const ca of [p256Ca, rsaCa]) {
      const kind = ca.suite === "rsa-2048" ? ["RSA", "rsa_keygen_bits:2048"] : ["EC", "ec_paramgen_curve:P-256"];
      o.run(["genpkey", "-algorithm", kind[0]!, "-pkeyopt", kind[1]!, "-out", o.file("s.key")]);
      o.run(["pkey", "-in", o.file("s.key"), "-pubout", "-outform", "DER", "-out", o.file("s.spki")]);
      o.write("s.pem", toPem(await ca.issue(o.read("s.spki"), "OpenSSL signer"), "CERTIFICATE"));
      const der = o.run(["cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", o.file("doc.txt"), "-signer", o.file("s.pem"), "-inkey", o.file("s.key"), "-outform", "DER"]);
      const v = await client.verifyReceipt(der, { anchors: [ca.cert] });
      expect(v.signer.subject).toContain("OpenSSL signer");
      expect(Buffer.from(v.content).equals(Buffer.from(DOC))).toBe(true);
    }
  });

  it("SM2 (GM/T 0010 OIDs): the server's SM2 code verifies the SDK's signature; the SDK verifies the server-signed SM2 chain", async () => {
    const cms = await client.signDocument(token, DOC, { keyId: sKey });
    o.write("sm2.p7s", cms);
    const dump = new TextDecoder().decode(o.run(["asn1parse", "-inform", "DER", "-in", o.file("sm2.p7s")]));
    expect(dump).toContain(":1.2.156.10197.6.1.4.2.2");
    expect(dump).toContain(":1.2.156.10197.6.1.4.2.1");
    const v = await client.verifyReceipt(cms, { anchors: [sm2Ca.cert] });
    expect(v.signer.subject).toContain("李四");
    // independent check of the SignerInfo signature with the node-bound SM2 verifier
    const { AsnConvert } = await import("@peculiar/asn1-schema");
    const { ContentInfo, SignedData } = await import("@peculiar/asn1-cms");
    const sd = AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);
    const si = sd.signerInfos[0]!;
    const attrs = Uint8Array.of(0x31, ...derLen(si.signedAttrs!.reduce((n, a) => n + AsnConvert.serialize(a).byteLength, 0)), ...si.signedAttrs!.flatMap((a) => [...new Uint8Array(AsnConvert.serialize(a))]));
    const point = spkiPoint(v.signer.spki);
    expect(sm2Verify(point, attrs, new Uint8Array(si.signature.buffer))).toBe(true);
    expect(sm2Verify(point, attrs.subarray(1), new Uint8Array(si.signature.buffer))).toBe(false);
  });

  it("signs a bid as canonical JSON (same bytes whatever the key order)", async () => {
    const a = await client.signBid(token, { parcelId: "LT-2026-017", amountFen: 1234500000, round: 3 }, { keyId: pKey });
    const b = await client.signBid(token, { round: 3, amountFen: 1234500000, parcelId: "LT-2026-017" }, { keyId: pKey });
    expect(new TextDecoder().decode(a.content)).toBe('{"amountFen":1234500000,"parcelId":"LT-2026-017","round":3}');
    expect(Buffer.from(a.content).equals(Buffer.from(b.content))).toBe(true);
    expect((await verifyCms(a.cms, { gm: webGm })).content).toEqual(a.content);
  });
});

describe("envelopes: SDK (pure SM3/SM4, WebCrypto) ↔ server (OpenSSL)", () => {
  it("P-256 and SM2 envelopes sealed by the SDK open on the server path, and the other way round", async () => {
    const pe = await token.generate("ecdsa-p256", "P-256 enc", "encrypt");
    token.attachCertificate(pe.id, await p256Ca.issue(pe.spki, "enc p256", { usage: "encrypt" }));
    const se = await token.generate("sm2", "SM2 enc", "encrypt");
    token.attachCertificate(se.id, await sm2Ca.issue(se.spki, "enc sm2", { usage: "encrypt" }));
    const keys = await token.list();
    for (const k of [pe, se]) {
      const cert = keys.find((x) => x.id === k.id)!.certificate!;
      const sealed = await client.seal(DOC, [cert]);
      const opened = await client.open(token, sealed.cms, k.id);
      expect(Buffer.from(opened).equals(Buffer.from(DOC))).toBe(true);
      // server path (nodeGm) opens what the SDK (webGm) sealed, via the token's decrypter
      const serverSide = await decryptEnvelope(sealed.cms, [{ certificate: cert, decrypter: await token.decrypter(k.id) }], { gm: nodeGm });
      expect(Buffer.from(serverSide.content).equals(Buffer.from(DOC))).toBe(true);
      const fromServer = await encryptEnvelope(DOC, [cert], { gm: nodeGm });
      expect(Buffer.from(await client.open(token, fromServer.der, k.id)).equals(Buffer.from(DOC))).toBe(true);
    }
  });

  it("pure SM4 agrees with OpenSSL's SM4 for every length", () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const iv = Uint8Array.from({ length: 16 }, (_, i) => 200 - i);
    for (let n = 0; n < 70; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      const c = webGm.sm4CbcEncrypt(key, iv, m);
      expect(Buffer.from(c).equals(Buffer.from(nodeGm.sm4CbcEncrypt(key, iv, m)))).toBe(true);
      expect(Buffer.from(webGm.sm4CbcDecrypt(key, iv, c)).equals(Buffer.from(m))).toBe(true);
      expect(Buffer.from(webGm.sm3(m)).equals(Buffer.from(nodeGm.sm3(m)))).toBe(true);
    }
    const c = nodeGm.sm4CbcEncrypt(key, iv, Uint8Array.of(1));
    c[c.length - 1]! ^= 1;
    expect(() => webGm.sm4CbcDecrypt(key, iv, c)).toThrow();
  });

  it("openssl-made P-256 envelopes open through a software decrypter in the SDK's open()", async () => {
    o.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", o.file("e.key")]);
    o.run(["pkey", "-in", o.file("e.key"), "-pubout", "-outform", "DER", "-out", o.file("e.spki")]);
    const cert = await p256Ca.issue(o.read("e.spki"), "openssl enc", { usage: "encrypt" });
    o.write("e.pem", toPem(cert, "CERTIFICATE"));
    const der = o.run(["cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", o.file("doc.txt"), "-outform", "DER", o.file("e.pem")]);
    const opened = await decryptEnvelope(der, [{ certificate: cert, decrypter: softwareDecrypter(new TextDecoder().decode(o.read("e.key"))) }], { gm: webGm });
    expect(Buffer.from(opened.content).equals(Buffer.from(DOC))).toBe(true);
  });
});

describe("browser soft token (IndexedDB 'landtrade-token'/'keys', non-extractable keys)", () => {
  it("generates, stores the agreed record, signs after reopening, decrypts, and refuses unknown ids", async () => {
    const t = await SoftToken.open({ now: () => NOW });
    const k = await t.generate("张三的软证书");
    const cert = await p256Ca.issue(k.spki, "soft 张三");
    await t.attachCertificate(k.id, cert);
    await t.close();

    // the stored record has exactly the agreed shape, and the key cannot be exported
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open(SOFT_TOKEN_DB);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const rec = await new Promise<Record<string, unknown>>((res) => {
      const r = db.transaction("keys").objectStore("keys").get(k.id);
      r.onsuccess = () => res(r.result as Record<string, unknown>);
    });
    db.close();
    expect(Object.keys(rec).sort()).toEqual(["certificatePem", "created", "id", "label", "privateKey", "publicKeySpki", "purpose", "suite"]);
    expect(rec.created).toBe(NOW.toISOString());
    expect((rec.privateKey as CryptoKey).extractable).toBe(false);
    await expect(crypto.subtle.exportKey("pkcs8", rec.privateKey as CryptoKey)).rejects.toThrow();

    const again = await SoftToken.open();
    const cms = await client.signDocument(again, DOC);
    expect((await client.verifyReceipt(cms, { anchors: [p256Ca.cert] })).signer.subject).toContain("soft 张三");
    const e = await again.generate("加密密钥", "encrypt");
    const ecert = await p256Ca.issue(e.spki, "soft enc", { usage: "encrypt" });
    await again.attachCertificate(e.id, toPem(ecert, "CERTIFICATE"));
    expect(Buffer.from(await client.open(again, (await client.seal(DOC, [ecert])).cms)).equals(Buffer.from(DOC))).toBe(true);
    expect(await code(again.signer("soft-nope"))).toBe("SEC_TOKEN_KEY_NOT_FOUND");
    expect(await code(again.signer(e.id))).toBe("SEC_ALG_UNSUPPORTED");
    await again.close();
  });
});
