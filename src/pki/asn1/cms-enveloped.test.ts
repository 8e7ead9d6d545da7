/**
 * CMS envelopes against OpenSSL 3: what we encrypt, `openssl cms -decrypt`
 * opens; what `openssl cms -encrypt` makes (its defaults and the options a
 * sender might pick), we open. GM/T 0010 envelopes round-trip and carry the
 * GM/T OIDs; their SM2/SM4 primitives are checked against OpenSSL in
 * sm2-cipher.test.ts and sm4.test.ts. Bad input gets its own code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslCert, opensslDir } from "../../../test/helpers/openssl-dir.js";
import { nodeGm } from "../algs/gm-node.js";
import { softwareDecrypter } from "../keys/software-decrypter.js";
import { isAppError } from "../../shared/errors.js";
import { decryptEnvelope, describeEnvelope, encryptEnvelope } from "./cms-enveloped.js";
import { CMS_OID } from "./cms-oids.js";

const o = opensslDir("lt-env-");
afterAll(() => o.cleanup());
const text = (s: string) => new TextEncoder().encode(s);
const MSG = text("竞买保证金到账通知：LT-2026-017 号地块，金额 3,000,000 元。\n");

type C = ReturnType<typeof opensslCert>;
let p256: C, p256b: C, rsa: C, sm2: C, sm2b: C, signOnly: C;
beforeAll(() => {
  p256 = opensslCert(o, "p256", "p256");
  p256b = opensslCert(o, "p256b", "p256");
  rsa = opensslCert(o, "rsa", "rsa");
  sm2 = opensslCert(o, "sm2", "sm2");
  sm2b = opensslCert(o, "sm2b", "sm2");
  signOnly = opensslCert(o, "signonly", "p256", "digitalSignature,nonRepudiation");
}, 60_000);

const holder = (c: C) => ({ certificate: c.certDer, decrypter: softwareDecrypter(c.keyPem) });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a coded error");
}

function opensslDecrypts(der: Uint8Array, c: C, name: string): Uint8Array {
  o.write(`${name}.p7m`, der);
  return o.run(["cms", "-decrypt", "-inform", "DER", "-in", o.file(`${name}.p7m`), "-inkey", o.file(`${name.split("-")[0]}.key`), "-recip", o.file(`${name.split("-")[0]}.pem`)]);
}

describe("P-256 and RSA envelopes, both directions with OpenSSL", () => {
  it("OpenSSL opens our AES-256-GCM AuthEnvelopedData and AES-256-CBC EnvelopedData (P-256, ECDH + sha256kdf + aes256-wrap)", async () => {
    for (const contentCipher of ["aes-256-gcm", "aes-256-cbc"] as const) {
      const env = await encryptEnvelope(MSG, [p256.certDer], { gm: nodeGm, contentCipher });
      expect(env.format).toBe(contentCipher === "aes-256-gcm" ? "cms-auth-enveloped" : "cms-enveloped");
      expect(Buffer.from(opensslDecrypts(env.der, p256, `p256-${contentCipher}`)).equals(Buffer.from(MSG))).toBe(true);
      const printed = new TextDecoder().decode(o.run(["cms", "-cmsout", "-print", "-inform", "DER", "-in", o.file(`p256-${contentCipher}.p7m`)]));
      expect(printed).toContain("dhSinglePass-stdDH-sha256kdf-scheme");
      expect(printed).toContain("id-aes256-wrap");
      // and we open our own
      expect(Buffer.from((await decryptEnvelope(env.der, [holder(p256)], { gm: nodeGm })).content).equals(Buffer.from(MSG))).toBe(true);
    }
  });

  it("OpenSSL opens our RSA-OAEP(SHA-256) envelope; one envelope serves P-256 and RSA recipients alike", async () => {
    const env = await encryptEnvelope(MSG, [p256.certDer, rsa.certDer, p256b.certDer], { gm: nodeGm });
    expect(Buffer.from(opensslDecrypts(env.der, rsa, "rsa-multi")).equals(Buffer.from(MSG))).toBe(true);
    expect(Buffer.from(opensslDecrypts(env.der, p256, "p256-multi")).equals(Buffer.from(MSG))).toBe(true);
    expect(Buffer.from(opensslDecrypts(env.der, p256b, "p256b-multi")).equals(Buffer.from(MSG))).toBe(true);
    const d = describeEnvelope(env.der);
    expect(d.recipients.map((r) => r.type)).toEqual(["kari", "ktri", "kari"]);
    expect(d.recipients[1]!.keyAlgorithm).toBe(CMS_OID.rsaesOaep);
    for (const c of [p256, rsa, p256b]) {
      const opened = await decryptEnvelope(env.der, [holder(c)], { gm: nodeGm });
      expect(Buffer.from(opened.recipient).equals(Buffer.from(c.certDer))).toBe(true);
    }
  });

  const opensslVariants: [string, string[], "p256" | "rsa"][] = [
    ["P-256 default KDF (sha1kdf) with aes256-cbc", ["-aes256"], "p256"],
    ["P-256 aes-256-gcm", ["-aes-256-gcm"], "p256"],
    ["P-256 sha256kdf aes-128-cbc", ["-aes128", "-keyopt", "ecdh_kdf_md:sha256"], "p256"],
    ["P-256 sha384kdf aes-192-gcm", ["-aes-192-gcm", "-keyopt", "ecdh_kdf_md:sha384"], "p256"],
    ["RSA default padding (PKCS#1 v1.5)", ["-aes256"], "rsa"],
    ["RSA OAEP (SHA-1 default)", ["-aes256", "-keyopt", "rsa_padding_mode:oaep"], "rsa"],
    ["RSA OAEP SHA-256", ["-aes-256-gcm", "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256"], "rsa"],
  ];
  for (const [label, args, kind] of opensslVariants) {
    it(`we open what openssl cms -encrypt makes: ${label}`, async () => {
      const c = kind === "p256" ? p256 : rsa;
      o.write("in.txt", MSG);
      const der = o.run(["cms", "-encrypt", "-binary", "-in", o.file("in.txt"), "-outform", "DER", ...args.filter((a) => !a.startsWith("-keyopt") && !a.includes(":")), "-recip", o.file(`${kind}.pem`), ...keyopts(args)]);
      const opened = await decryptEnvelope(der, [holder(p256b), holder(c)], { gm: nodeGm });
      expect(Buffer.from(opened.content).equals(Buffer.from(MSG))).toBe(true);
    });
  }
});

function keyopts(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === "-keyopt") out.push("-keyopt", args[++i]!);
  return out;
}

describe("GM/T 0010 envelopes (SM2 + SM4)", () => {
  it("round-trips to several SM2 recipients, with the GM/T 0010 OIDs and versions", async () => {
    const env = await encryptEnvelope(MSG, [sm2.certDer, sm2b.certDer], { gm: nodeGm });
    expect(env.format).toBe("gmt-0010");
    const dump = new TextDecoder().decode(o.run(["asn1parse", "-inform", "DER"], env.der));
    expect(dump).toContain(":1.2.156.10197.6.1.4.2.3"); // envelopedData
    expect(dump).toContain(":1.2.156.10197.6.1.4.2.1"); // data
    expect(dump.toLowerCase()).toContain(":sm4-cbc"); // 1.2.156.10197.1.104.2
    expect(dump.match(/:sm2encrypt|:1\.2\.156\.10197\.1\.301\.3/g)?.length).toBe(2);
    for (const c of [sm2, sm2b]) {
      const opened = await decryptEnvelope(env.der, [holder(c)], { gm: nodeGm });
      expect(Buffer.from(opened.content).equals(Buffer.from(MSG))).toBe(true);
      expect(opened.contentCipherOid).toBe(CMS_OID.sm4Cbc);
    }
  });

  it("the wrapped SM4 key in the envelope opens with OpenSSL's SM2 decryption", async () => {
    const env = await encryptEnvelope(MSG, [sm2.certDer], { gm: nodeGm });
    // Pull encryptedKey out with asn1parse offsets: the only OCTET STRING of 100+ bytes (SM2Cipher of 16 bytes = 0x72 bytes).
    o.write("gm.der", env.der);
    const lines = new TextDecoder().decode(o.run(["asn1parse", "-inform", "DER", "-in", o.file("gm.der")])).split("\n");
    const line = lines.find((l) => /l= *1[0-9]{2} prim: OCTET STRING/.test(l))!;
    const off = Number(line.trim().split(":")[0]);
    o.run(["asn1parse", "-inform", "DER", "-in", o.file("gm.der"), "-strparse", String(off), "-noout", "-out", o.file("ek.der")]);
    const cek = o.run(["pkeyutl", "-decrypt", "-inkey", o.file("sm2.key"), "-in", o.file("ek.der")]);
    expect(cek.length).toBe(16);
  });

  it("refuses to mix SM2 and non-SM2 recipients", async () => {
    expect(await codeOf(encryptEnvelope(MSG, [sm2.certDer, p256.certDer], { gm: nodeGm }))).toBe("SEC_RECIPIENT_UNSUITABLE");
  });
});

describe("bad input", () => {
  it("a signing-only certificate cannot be a recipient", async () => {
    expect(await codeOf(encryptEnvelope(MSG, [signOnly.certDer], { gm: nodeGm }))).toBe("SEC_RECIPIENT_UNSUITABLE");
    expect(await codeOf(encryptEnvelope(MSG, [], { gm: nodeGm }))).toBe("SEC_RECIPIENT_UNSUITABLE");
  });

  it("no held key → SEC_KEY_NOT_HELD; altered ciphertext → SEC_DECRYPT_FAILED; signed data → SEC_CONTENT_TYPE_WRONG; garbage → SEC_CMS_MALFORMED", async () => {
    const env = await encryptEnvelope(MSG, [p256.certDer], { gm: nodeGm });
    expect(await codeOf(decryptEnvelope(env.der, [holder(p256b), holder(rsa)], { gm: nodeGm }))).toBe("SEC_KEY_NOT_HELD");
    for (const [cipher, at] of [["aes-256-gcm", 20], ["aes-256-cbc", 1]] as const) {
      const e = await encryptEnvelope(MSG, [p256.certDer], { gm: nodeGm, contentCipher: cipher });
      const bad = e.der.slice();
      bad[bad.length - at]! ^= 0x01; // inside the ciphertext (GCM: 16-byte MAC follows)
      expect(await codeOf(decryptEnvelope(bad, [holder(p256)], { gm: nodeGm }))).toBe("SEC_DECRYPT_FAILED");
    }
    const gm = await encryptEnvelope(MSG, [sm2.certDer], { gm: nodeGm });
    const badGm = gm.der.slice();
    badGm[badGm.length - 1]! ^= 0xff; // last padding block
    expect(await codeOf(decryptEnvelope(badGm, [holder(sm2)], { gm: nodeGm }))).toBe("SEC_DECRYPT_FAILED");

    o.write("doc.txt", MSG);
    const signed = o.run(["cms", "-sign", "-binary", "-in", o.file("doc.txt"), "-signer", o.file("p256.pem"), "-inkey", o.file("p256.key"), "-outform", "DER"]);
    expect(await codeOf(decryptEnvelope(signed, [holder(p256)], { gm: nodeGm }))).toBe("SEC_CONTENT_TYPE_WRONG");
    expect(await codeOf(decryptEnvelope(MSG, [holder(p256)], { gm: nodeGm }))).toBe("SEC_CMS_MALFORMED");
    expect(await codeOf(decryptEnvelope(env.der.subarray(0, env.der.length - 7), [holder(p256)], { gm: nodeGm }))).toBe("SEC_CMS_MALFORMED");
    expect(await codeOf(decryptEnvelope(new Uint8Array(0), [holder(p256)], { gm: nodeGm }))).toBe("SEC_CMS_MALFORMED");
  });

  it("an unknown content cipher → SEC_ALG_UNSUPPORTED", async () => {
    o.write("in.txt", MSG);
    const der = o.run(["cms", "-encrypt", "-binary", "-in", o.file("in.txt"), "-outform", "DER", "-des3", "-recip", o.file("p256.pem")]);
    expect(await codeOf(decryptEnvelope(der, [holder(p256)], { gm: nodeGm }))).toBe("SEC_ALG_UNSUPPORTED");
  });
});
