import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/errors.js";
import { signCallback, verifyCallback } from "./bank-callback.js";
import { decodeStatement, parseStatement } from "./statement-csv.js";

const CSV = [
  "交易流水号,收款子账号,付款账号,付款户名,金额(元),到账时间",
  'B0001,4305010000123456,6222 0000 1111 2222,长沙星城置业有限公司,"2,000,000.00",2026-03-05 10:21:33',
  "B0002,4305010000654321,6222000033334444,湖南麓山建设集团,1500000.5,2026/3/6 9:05",
].join("\r\n");

describe("bank statement CSV", () => {
  it("reads a UTF-8 file with quoted amounts and both time formats", () => {
    const utf8 = parseStatement(Buffer.from(CSV, "utf8"));
    expect(utf8.encoding).toBe("utf-8");
    expect(utf8.lines).toEqual([
      {
        line: 2,
        bankRef: "B0001",
        subAccount: "4305010000123456",
        payerAccount: "6222 0000 1111 2222",
        payerName: "长沙星城置业有限公司",
        amount: 200_000_000n,
        arrivedAt: new Date("2026-03-05T02:21:33.000Z"),
      },
      { line: 3, bankRef: "B0002", subAccount: "4305010000654321", payerAccount: "6222000033334444", payerName: "湖南麓山建设集团", amount: 150_000_050n, arrivedAt: new Date("2026-03-06T01:05:00.000Z") },
    ]);
  });

  it("refuses the whole file when a line is bad, naming the lines", () => {
    const bad = `${CSV}\r\nB0003,4305,6222,某公司,12.345,2026-02-30 10:00:00\r\nB0001,1,2,3,4,2026-03-05 10:00:00`;
    try {
      parseStatement(Buffer.from(bad, "utf8"));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe("TRADE_STATEMENT_INVALID");
      const errors = (e as AppError).extra.errors as { line: number; message: string }[];
      expect(errors.map((x) => x.line)).toEqual([4, 5]);
      expect(errors[0]!.message).toMatch(/amount.*time/);
      expect(errors[1]!.message).toMatch(/appears twice/);
    }
  });

  it("reads a GBK export (test/fixtures/bank-statement-gbk.csv, converted with iconv)", () => {
    const bytes = readFileSync(new URL("../../../test/fixtures/bank-statement-gbk.csv", import.meta.url));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const r = parseStatement(bytes);
    expect(r.encoding).toBe("gb18030");
    expect(r.lines).toEqual([
      { line: 2, bankRef: "GB20260305001", subAccount: "4305010000123456", payerAccount: "6222000011112222", payerName: "长沙县星沙镇某某置业有限公司", amount: 200_000_000n, arrivedAt: new Date("2026-03-05T02:21:33.000Z") },
    ]);
  });

  it("names missing columns", () => {
    expect(() => parseStatement(Buffer.from("a,b\n1,2", "utf8"))).toThrow(/missing columns/);
  });

  it("decodes GBK when the bytes are not UTF-8", () => {
    // "中文" in GBK is D6 D0 CE C4.
    expect(decodeStatement(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toEqual({ text: "中文", encoding: "gb18030" });
    expect(decodeStatement(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a", encoding: "utf-8" });
  });
});

describe("bank callback signature", () => {
  const secret = "s3cret-shared-with-the-bank-0123456789";
  const body = Buffer.from('{"bankRef":"X"}');
  const now = new Date("2026-03-05T02:00:00.000Z");
  const ts = String(now.getTime() / 1000);

  it("accepts the bank's HMAC and refuses anything else", () => {
    expect(() => verifyCallback(secret, { timestamp: ts, signature: signCallback(secret, ts, body) }, body, now)).not.toThrow();
    const code = (f: () => void) => {
      try {
        f();
        return "ok";
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(code(() => verifyCallback(secret, { timestamp: ts, signature: signCallback("other", ts, body) }, body, now))).toBe("TRADE_BANK_SIGNATURE_INVALID");
    expect(code(() => verifyCallback(secret, { timestamp: ts, signature: signCallback(secret, ts, body) }, Buffer.from('{"bankRef":"Y"}'), now))).toBe("TRADE_BANK_SIGNATURE_INVALID");
    expect(code(() => verifyCallback(secret, { timestamp: ts }, body, now))).toBe("TRADE_BANK_SIGNATURE_INVALID");
    expect(code(() => verifyCallback(undefined, { timestamp: ts, signature: "x" }, body, now))).toBe("TRADE_BANK_NOT_CONFIGURED");
    const old = String(now.getTime() / 1000 - 301);
    expect(code(() => verifyCallback(secret, { timestamp: old, signature: signCallback(secret, old, body) }, body, now))).toBe("TRADE_BANK_NOTICE_STALE");
    const edge = String(now.getTime() / 1000 - 300);
    expect(code(() => verifyCallback(secret, { timestamp: edge, signature: signCallback(secret, edge, body) }, body, now))).toBe("ok");
  });
});
