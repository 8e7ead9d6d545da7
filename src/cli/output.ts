import { AppError, isAppError } from "../shared/errors.js";

/** CLI errors are one line with the code, and a non-zero exit. */
export function failLine(e: unknown): string {
  const err = isAppError(e) ? e : new AppError("INTERNAL_ERROR", { detail: (e as Error)?.message ?? String(e) });
  return `landtrade: ${err.toLine()}`;
}

export function exitCodeOf(e: unknown): number {
  if (isAppError(e) && e.code === "CLI_USAGE") return 2;
  return 1;
}

export function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function printTable(rows: Record<string, string>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(r[c] ?? ""))));
  const line = (vals: string[]) => vals.map((v, i) => v + " ".repeat(widths[i]! - width(v))).join("  ").trimEnd();
  print(line(cols));
  for (const r of rows) print(line(cols.map((c) => r[c] ?? "")));
}
