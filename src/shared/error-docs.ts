import { ERROR_CATALOGUE, type ErrorSpec } from "./error-catalogue.js";

/** Renders docs/errors.md from the catalogue; a test fails when they drift. */
export function renderErrorDocs(): string {
  const lines = [
    "# Error codes / 错误代码",
    "",
    "<!-- Generated from src/shared/catalogue/*.ts by `npm run docs:errors`. Do not edit by hand. -->",
    "",
    "Every API answer that is not a success is `application/problem+json` carrying one of these stable codes in `code`,",
    "with `messageZh` and `messageEn`. The CLI prints the same code on one line and exits non-zero.",
    "",
    "| code | HTTP | 中文 | English |",
    "|---|---|---|---|",
  ];
  const entries = Object.entries(ERROR_CATALOGUE) as [string, ErrorSpec][];
  for (const [code, spec] of entries) lines.push(`| \`${code}\` | ${spec.status} | ${spec.zh} | ${spec.en} |`);
  lines.push("", "## Causes and remedies / 原因与处理办法", "");
  for (const [code, spec] of entries) {
    if (!spec.remedy && !spec.cause) continue;
    lines.push(`### \`${code}\``, "");
    if (spec.cause) lines.push(`- 原因：${spec.cause.zh}`, `- Cause: ${spec.cause.en}`);
    if (spec.remedy) lines.push(`- 处理：${spec.remedy.zh}`, `- Remedy: ${spec.remedy.en}`);
    lines.push("");
  }
  return lines.join("\n");
}
