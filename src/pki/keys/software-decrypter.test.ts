/** PKCS#1 v1.5 unpadding for legacy RSA envelopes: right answers for good blocks, implicit rejection for bad ones. */
import { describe, expect, it } from "vitest";
import { pkcs1v15Unpad } from "./software-decrypter.js";

function block(msg: Uint8Array, psLen: number, head = [0, 2]): Uint8Array {
  return Uint8Array.from([...head, ...Array.from({ length: psLen }, (_, i) => (i % 250) + 1), 0, ...msg]);
}

describe("pkcs1v15Unpad", () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i + 100);
  it("returns the message of a well-formed block", () => {
    expect(Array.from(pkcs1v15Unpad(block(key, 256 - 35)))).toEqual(Array.from(key));
    expect(Array.from(pkcs1v15Unpad(block(Uint8Array.of(), 8)))).toEqual([]);
  });
  it("returns 32 random bytes (not the data) when the padding is wrong", () => {
    for (const bad of [block(key, 221, [1, 2]), block(key, 221, [0, 1]), block(key, 7), Uint8Array.from([0, 2, ...new Array(40).fill(5)])]) {
      const out = pkcs1v15Unpad(bad);
      expect(out.length).toBe(32);
      expect(Array.from(out)).not.toEqual(Array.from(key));
    }
  });
});
