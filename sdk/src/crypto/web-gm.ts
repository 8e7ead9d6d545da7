/**
 * GmCrypto for the browser (and Node without OpenSSL's SM4): SM3 and SM4
 * from sm-crypto (pure JS). PKCS#7 padding is checked here, strictly —
 * sm-crypto's own check accepts a zero pad byte.
 */
import smCrypto from "sm-crypto";
import type { GmCrypto } from "../../../src/pki/algs/gm-crypto.js";

const { sm3: sm3Hex, sm4 } = smCrypto;

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

function check(key: Uint8Array, iv: Uint8Array) {
  if (key.length !== 16 || iv.length !== 16) throw new Error("SM4 key and IV must be 16 bytes");
}

export const webGm: GmCrypto = {
  sm3(...parts) {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return fromHex(sm3Hex(all));
  },
  sm4CbcEncrypt(key, iv, data) {
    check(key, iv);
    const pad = 16 - (data.length % 16);
    const padded = [...data, ...new Array<number>(pad).fill(pad)];
    return Uint8Array.from(sm4.encrypt(padded, Array.from(key), { mode: "cbc", iv: Array.from(iv), padding: "none", output: "array" }));
  },
  sm4CbcDecrypt(key, iv, data) {
    check(key, iv);
    if (data.length === 0 || data.length % 16) throw new Error("SM4-CBC ciphertext is not a whole number of blocks");
    const out = sm4.decrypt(Array.from(data), Array.from(key), { mode: "cbc", iv: Array.from(iv), padding: "none", output: "array" });
    const pad = out[out.length - 1]!;
    if (pad < 1 || pad > 16 || out.slice(out.length - pad).some((b) => b !== pad)) throw new Error("bad padding");
    return Uint8Array.from(out.slice(0, out.length - pad));
  },
};
