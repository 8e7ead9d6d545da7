/**
 * SM2 with the GM/T 0009 user ID, against OpenSSL 3 as the independent peer:
 * each side verifies the other's signatures, with the default and a custom ID,
 * and a wrong ID or message fails on both sides.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sm2KeyPair, Sm2SigningKey, sm2Verify, sm3 } from "./sm2.js";
import { SM2_DEFAULT_ID } from "./suite.js";
import { sm2Spki, spkiPoint, suiteOfSpki } from "./verify.js";
import { toPem } from "../asn1/certificate.js";

const dir = mkdtempSync(path.join(tmpdir(), "lt-sm2-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const f = (n: string) => path.join(dir, n);
const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

function opensslVerifies(pubPem: string, msg: Uint8Array, sig: Uint8Array, id: string): boolean {
  writeFileSync(f("pub.pem"), pubPem);
  writeFileSync(f("msg.bin"), msg);
  writeFileSync(f("sig.bin"), sig);
  try {
    openssl(["pkeyutl", "-verify", "-pubin", "-inkey", f("pub.pem"), "-rawin", "-digest", "sm3", "-in", f("msg.bin"), "-sigfile", f("sig.bin"), "-pkeyopt", `distid:${id}`]);
    return true;
  } catch {
    return false;
  }
}

describe("SM2 / SM3", () => {
  it("SM3 matches the GB/T 32905 example", () => {
    expect(Buffer.from(sm3(Buffer.from("abc"))).toString("hex")).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });

  it("OpenSSL verifies our signatures with distid, and rejects a wrong ID or message", () => {
    const kp = sm2KeyPair();
    const spki = sm2Spki(kp.publicKey);
    expect(suiteOfSpki(spki)).toBe("sm2");
    const pub = toPem(spki, "CERTIFICATE").replace(/CERTIFICATE/g, "PUBLIC KEY");
    const msg = new TextEncoder().encode("竞买人出价 1,234,000 元");
    for (const id of [SM2_DEFAULT_ID, "bidder@landtrade"]) {
      const sig = new Sm2SigningKey(kp.privateKey, id).sign(msg);
      expect(opensslVerifies(pub, msg, sig, id)).toBe(true);
      expect(opensslVerifies(pub, msg, sig, id === SM2_DEFAULT_ID ? "other-id" : SM2_DEFAULT_ID)).toBe(false);
      expect(opensslVerifies(pub, Uint8Array.of(...msg, 0), sig, id)).toBe(false);
    }
    // OpenSSL reads the SPKI as an SM2 key (GM/T 0015: id-ecPublicKey + SM2 curve).
    expect(openssl(["pkey", "-pubin", "-in", f("pub.pem"), "-noout", "-text"])).toMatch(/SM2/);
  });

  it("we verify OpenSSL's signatures with distid, and reject tampering", () => {
    openssl(["genpkey", "-algorithm", "SM2", "-out", f("k.pem")]);
    openssl(["pkey", "-in", f("k.pem"), "-pubout", "-outform", "DER", "-out", f("k.spki")]);
    const spki = new Uint8Array(readFileSync(f("k.spki")));
    const point = spkiPoint(spki);
    const msg = new TextEncoder().encode("成交确认书 LT-2026-0001");
    writeFileSync(f("m.bin"), msg);
    openssl(["pkeyutl", "-sign", "-inkey", f("k.pem"), "-rawin", "-digest", "sm3", "-in", f("m.bin"), "-out", f("m.sig"), "-pkeyopt", `distid:${SM2_DEFAULT_ID}`]);
    const sig = new Uint8Array(readFileSync(f("m.sig")));
    expect(sm2Verify(point, msg, sig)).toBe(true);
    expect(sm2Verify(point, msg, sig, "another-id")).toBe(false);
    expect(sm2Verify(point, msg.subarray(1), sig)).toBe(false);
    const bad = sig.slice();
    bad[bad.length - 1]! ^= 1;
    expect(sm2Verify(point, msg, bad)).toBe(false);
    expect(sm2Verify(point, msg, sig.subarray(0, 10))).toBe(false);
    expect(sm2Verify(point.subarray(1), msg, sig)).toBe(false);
  });
});
