import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/errors.js";
import { fen } from "../../shared/money.js";
import { FileDataKeyRing } from "./data-key-ring.js";
import { openReserve, sealReserve } from "./reserve-cipher.js";

const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as AppError).code;
  }
};

describe("sealed reserve", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lt-dk-"));
  const keys = new FileDataKeyRing(dir);

  it("round-trips, keeps the key file private and never holds the amount in clear", () => {
    const s = sealReserve(keys, "parcel-1", fen(28_300_000_000n));
    expect(openReserve(keys, "parcel-1", s)).toBe(28_300_000_000n);
    expect(Buffer.from(s.ciphertext).toString("utf8")).not.toContain("28300000000");
    expect(statSync(path.join(dir, `${s.keyId}.key`)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // A second ring on the same directory (another process) reads the same key.
    expect(openReserve(new FileDataKeyRing(dir), "parcel-1", s)).toBe(28_300_000_000n);
  });

  it("fails authentication when moved to another parcel or altered", () => {
    const s = sealReserve(keys, "parcel-1", fen(100));
    expect(code(() => openReserve(keys, "parcel-2", s))).toBe("TRADE_RESERVE_TAMPERED");
    const flipped = Uint8Array.from(s.ciphertext);
    flipped[0]! ^= 1;
    expect(code(() => openReserve(keys, "parcel-1", { ...s, ciphertext: flipped }))).toBe("TRADE_RESERVE_TAMPERED");
    const tag = Uint8Array.from(s.tag);
    tag[3]! ^= 0x80;
    expect(code(() => openReserve(keys, "parcel-1", { ...s, tag }))).toBe("TRADE_RESERVE_TAMPERED");
  });

  it("opens older records after a key rotation and names a missing key", () => {
    const old = sealReserve(keys, "p", fen(5));
    keys.rotate();
    const fresh = sealReserve(keys, "p", fen(6));
    expect(fresh.keyId).not.toBe(old.keyId);
    expect(openReserve(keys, "p", old)).toBe(5n);
    expect(readFileSync(path.join(dir, "current"), "utf8").trim()).toBe(fresh.keyId);
    expect(code(() => openReserve(new FileDataKeyRing(mkdtempSync(path.join(tmpdir(), "lt-dk-"))), "p", old))).toBe("TRADE_RESERVE_KEY_UNAVAILABLE");
  });
});
