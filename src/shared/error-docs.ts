import { ERROR_CATALOGUE, type ErrorSpec } from "./error-catalogue.js";

/** Renders docs/errors.md from the catalogue; a test fails when they drift. */
export function renderErrorDocs(): string {
  const lines = [
    "# Error codes / 错误代码",
    "",
    "<!-- Generated from src/shared/error-catalogue.ts by `npm run docs:errors`. Do not edit by hand. -->",
    "",
    "Every API answer that is not a success is `application/problem+json` carrying one of these stable codes in `code`,",
    "with `messageZh` and `messageEn`. The CLI prints the same code on one line and exits non-zero.",
    "",
    "| code | HTTP | 中文 | English |",
    "|---|---|---|---|",
  ];
  const entries = Object.entries(ERROR_CATALOGUE) as [string, ErrorSpec][];
  for (const [code, spec] of entries) lines.push(`| \`${code}\` | ${spec.status} | ${spec.zh} | ${spec.en} |`);
  lines.push("", "## Remedies / 处理办法", "");
  for (const [code, spec] of entries) {
    if (!spec.remedy) continue;
    lines.push(`### \`${code}\``, "", `- 处理：${spec.remedy.zh}`, `- Remedy: ${spec.remedy.en}`, "");
  }
  return lines.join("\n");
}
