/**
 * The SDK's SignedData reader (strict DER, views into the input) on a few
 * thousand mutated inputs — flipped bytes, truncations, spliced lengths:
 * every input either verifies or is refused with a coded SdkError; nothing
 * else escapes, nothing hangs. A mutation that still verifies must leave
 * the signed content and signer unchanged.
 */
import { describe, expect, it } from "vitest";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { miniCa } from "../../test/helpers/mini-ca.js";
import { MemoryToken, signCms, verifyCms } from "../src/index.js";
import { isSdkError } from "../src/errors.js";

// A fixed-seed generator: failures reproduce.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("SDK CMS reader fuzz", { timeout: 120_000 }, () => {
  it("3,000 mutations of attached and detached SignedData (P-256 and SM2): verified or a coded error, never anything else", async () => {
    const now = new Date("2026-03-02T01:00:00Z");
    const ca = await miniCa("ecdsa-p256", now, "Fuzz CA");
    const token = new MemoryToken(nodeGm);
    const doc = new TextEncoder().encode("成交确认书 LT-2026-0042");
    const inputs: { der: Uint8Array; content?: Uint8Array }[] = [];
    for (const suite of ["ecdsa-p256", "sm2"] as const) {
      const k = await token.generate(suite, "fuzz");
      const cert = suite === "sm2" ? (await miniCa("sm2", now, "Fuzz SM2 CA")).issue(k.spki, "签名人") : ca.issue(k.spki, "签名人");
      const signer = await token.signer(k.id);
      for (const detached of [false, true]) {
        const der = await signCms(signer, doc, { certificate: await cert, signingTime: now, gm: nodeGm, detached });
        inputs.push({ der, ...(detached ? { content: doc } : {}) });
      }
    }
    for (const i of inputs) expect((await verifyCms(i.der, { gm: nodeGm, ...(i.content ? { content: i.content } : {}) })).content).toEqual(doc);

    const rand = rng(20260302);
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const base = inputs[n % inputs.length]!;
      const m = new Uint8Array(base.der);
      const kind = n % 3;
      let input = m;
      if (kind === 0) {
        for (let j = 0; j < 1 + Math.floor(rand() * 4); j++) {
          const at = Math.floor(rand() * m.length);
          m[at] = m[at]! ^ (1 << Math.floor(rand() * 8));
        }
      }
      else if (kind === 1) input = m.subarray(0, Math.floor(rand() * m.length));
      else m[Math.floor(rand() * Math.min(m.length, 64))] = Math.floor(rand() * 256); // header bytes: tags and lengths
      try {
        const v = await verifyCms(input, { gm: nodeGm, ...(base.content ? { content: base.content } : {}) });
        expect(v.content).toEqual(doc);
      } catch (e) {
        if (!isSdkError(e)) throw new Error(`mutation ${n} escaped as ${String(e)}`);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(2500);
  });
});
