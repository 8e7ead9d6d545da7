/**
 * The demo download is a real, valid ZIP and the same bytes every time (so
 * its SHA-256 is stable): read back here with an independent parser over
 * zlib, and with `unzip -t` where Info-ZIP is installed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { driverPackage } from "./driver-package.js";
import { zip } from "./zip.js";

function readZip(b: Buffer): { name: string; data: Buffer }[] {
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const out: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    expect(b.readUInt32LE(p)).toBe(0x02014b50);
    const crc = b.readUInt32LE(p + 16);
    const csize = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nlen = b.readUInt16LE(p + 28);
    const elen = b.readUInt16LE(p + 30);
    const clen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nlen).toString("utf8");
    expect(b.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = inflateRawSync(b.subarray(start, start + csize));
    expect([name, data.length, crc32(data)]).toEqual([name, size, crc]);
    out.push({ name, data });
    p += 46 + nlen + elen + clen;
  }
  return out;
}

describe("driver package", () => {
  it("is byte-for-byte the same on every call", () => {
    const a = createHash("sha256").update(driverPackage()).digest("hex");
    const b = createHash("sha256").update(driverPackage()).digest("hex");
    expect(a).toBe(b);
  });

  it("is a valid ZIP with UTF-8 names and the README, PowerShell and shell scripts", () => {
    const entries = readZip(Buffer.from(driverPackage()));
    expect(entries.map((e) => e.name)).toEqual(["README-请先阅读.txt", "check-usbkey.ps1", "check-usbkey.sh"]);
    expect(entries[0]!.data.toString("utf8")).toContain("SHA-256");
    expect(entries[2]!.data.toString("utf8")).toContain("pkcs11-tool");
  });

  it("round-trips arbitrary entries", () => {
    const data = new Uint8Array(Buffer.from("数据".repeat(1000)));
    expect(readZip(Buffer.from(zip([{ name: "a/b.txt", data }, { name: "empty", data: new Uint8Array() }])))).toEqual([
      { name: "a/b.txt", data: Buffer.from(data) },
      { name: "empty", data: Buffer.alloc(0) },
    ]);
  });

  it.skipIf(!existsSync("/usr/bin/unzip"))("passes `unzip -t`", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kb-zip-"));
    try {
      const f = path.join(dir, "p.zip");
      writeFileSync(f, driverPackage());
      expect(execFileSync("unzip", ["-t", f]).toString()).toContain("No errors detected");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
