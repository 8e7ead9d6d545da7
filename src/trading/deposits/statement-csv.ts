/**
 * Bank statement import (CSV, as the bank's online banking exports it): GBK
 * (GB18030) or UTF-8, with or without BOM; header names in Chinese or
 * English; amounts in yuan; times in Beijing time ("2026-03-05 10:21:33").
 * Parsing is all-or-nothing: any bad line fails the whole file with the line
 * numbers, so a half-imported statement never happens.
 */
import { parse } from "csv-parse/sync";
import { AppError } from "../../shared/errors.js";
import { parseYuan } from "../../shared/money.js";
import { isIsoDate } from "../calendar/working-calendar.js";
import type { Arrival } from "./matching.js";

const HEADERS: Record<keyof Omit<Arrival, "amount" | "arrivedAt"> | "amount" | "arrivedAt", string[]> = {
  bankRef: ["交易流水号", "流水号", "bankref", "bank_ref", "reference"],
  subAccount: ["收款子账号", "子账号", "收款账号", "subaccount", "sub_account"],
  payerAccount: ["付款账号", "付款人账号", "payeraccount", "payer_account"],
  payerName: ["付款户名", "付款人名称", "付款人", "payername", "payer_name"],
  amount: ["金额", "金额(元)", "金额（元）", "交易金额", "amount"],
  arrivedAt: ["到账时间", "交易时间", "arrivedat", "arrived_at", "time"],
};

/** UTF-8 when the bytes are valid UTF-8 (or carry its BOM), else GB18030 (a superset of GBK). */
export function decodeStatement(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

const BEIJING_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function parseBeijing(s: string): Date | undefined {
  const m = BEIJING_TIME.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m as unknown as [string, string, string, string, string, string, string | undefined];
  const day = `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
  // Date() would roll 02-30 over into March: check the day survives the round trip.
  if (!isIsoDate(day) || Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 59) return undefined;
  return new Date(`${day}T${h.padStart(2, "0")}:${mi}:${se ?? "00"}+08:00`);
}

export interface StatementLine extends Arrival {
  line: number;
}

export function parseStatement(bytes: Uint8Array): { lines: StatementLine[]; encoding: string } {
  const { text, encoding } = decodeStatement(bytes);
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    throw new AppError("TRADE_STATEMENT_INVALID", { detail: (e as Error).message, extra: { errors: [{ line: 0, message: (e as Error).message }] } });
  }
  const header = rows[0];
  if (!header) throw new AppError("TRADE_STATEMENT_INVALID", { detail: "empty file", extra: { errors: [{ line: 1, message: "empty file" }] } });
  const norm = (h: string) => h.replace(/\s/g, "").toLowerCase();
  const col = {} as Record<keyof typeof HEADERS, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) {
    const i = header.findIndex((h) => names.some((n) => norm(n) === norm(h)));
    if (i < 0) missing.push(names[0]!);
    col[key] = i;
  }
  if (missing.length) {
    throw new AppError("TRADE_STATEMENT_INVALID", { detail: `missing columns: ${missing.join(", ")}`, extra: { errors: [{ line: 1, message: `missing columns: ${missing.join(", ")}` }] } });
  }
  const errors: { line: number; message: string }[] = [];
  const lines: StatementLine[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    const get = (k: keyof typeof HEADERS) => (r[col[k]] ?? "").trim();
    const problems: string[] = [];
    const amount = parseYuan(get("amount"));
    if (amount === undefined || amount <= 0n) problems.push(`amount ${JSON.stringify(get("amount"))} is not a positive yuan amount`);
    const arrivedAt = parseBeijing(get("arrivedAt"));
    if (!arrivedAt) problems.push(`time ${JSON.stringify(get("arrivedAt"))} is not "YYYY-MM-DD HH:MM:SS"`);
    for (const k of ["bankRef", "subAccount", "payerAccount", "payerName"] as const) if (!get(k)) problems.push(`${k} is empty`);
    if (seen.has(get("bankRef"))) problems.push(`bank reference ${get("bankRef")} appears twice`);
    seen.add(get("bankRef"));
    if (problems.length) errors.push({ line, message: problems.join("; ") });
    else lines.push({ line, bankRef: get("bankRef"), subAccount: get("subAccount"), payerAccount: get("payerAccount"), payerName: get("payerName"), amount: amount!, arrivedAt: arrivedAt! });
  });
  if (errors.length) throw new AppError("TRADE_STATEMENT_INVALID", { detail: `${errors.length} bad line(s), first at line ${errors[0]!.line}`, extra: { errors } });
  return { lines, encoding };
}
