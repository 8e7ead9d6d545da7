/**
 * `landtrade ca import` (external trust) and `landtrade cert validate` (the
 * path validator, for support staff and scripts). The `ca` command group is
 * shared with the CA commands: this adds its subcommand to the group if it
 * exists already, or creates it.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { PURPOSES, type Purpose } from "../../pki/validate/cert-validator.js";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print, printTable } from "../output.js";

const CLI_ACTOR = "cli:local-admin";

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new AppError("CLI_USAGE", { detail: `cannot read ${file}: ${(e as Error).message}` });
  }
}

export const caGroup = (program: Command): Command => program.commands.find((c) => c.name() === "ca") ?? program.command("ca").description("the certificate authority");

export function trustCommands(program: Command): void {
  caGroup(program)
    .command("import")
    .description("import an existing CA's chain (PEM or PKCS#7) as trusted external CAs; their users' certificates then validate, with the CAs' own OCSP/CRL")
    .requiredOption("--file <chain.pem>", "the CA certificates (root and intermediates)")
    .option("--name <label>", "a label for the imported CA(s)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { file: string; name?: string; json?: boolean }) => {
      const input = readInput(opts.file);
      const r = await withContainer((c) => c.externalCas.import(input, { ...(opts.name ? { name: opts.name } : {}), actor: CLI_ACTOR }));
      if (opts.json) return print(JSON.stringify(r));
      printTable(r.imported.map((i) => ({ id: i.id, subject: i.subject, notAfter: i.notAfter.toISOString().slice(0, 10), ocsp: i.ocspUrls.join(" ") || "-", crl: i.crlUrls.join(" ") || "-" })));
      for (const s of r.skipped) print(`skipped ${s.subject}: ${s.reason}`);
      print(`imported ${r.imported.length} external CA certificate(s)`);
    });

  program
    .command("cert")
    .description("certificates")
    .command("validate")
    .description("validate a certificate: chain to a trusted CA, validity, usage, revocation; exit 1 with its SEC_ code when not valid")
    .requiredOption("--file <cert.pem>", "the certificate (PEM or DER)")
    .option("--chain <intermediates.pem>", "intermediate CA certificates offered with it")
    .option("--at <time>", "validate at this time (ISO 8601), e.g. a trusted signing time")
    .option("--purpose <purpose>", `required extended key usage: ${Object.keys(PURPOSES).join(", ")}`, "any")
    .option("--soft", "soft-fail when revocation status is unavailable")
    .option("--json", "print the full result as JSON")
    .action(async (opts: { file: string; chain?: string; at?: string; purpose: string; soft?: boolean; json?: boolean }) => {
      if (!(opts.purpose in PURPOSES)) throw new AppError("CLI_USAGE", { detail: `--purpose must be one of ${Object.keys(PURPOSES).join(", ")}` });
      const at = opts.at ? new Date(opts.at) : undefined;
      if (at && Number.isNaN(at.getTime())) throw new AppError("CLI_USAGE", { detail: "--at must be an ISO 8601 time" });
      const chainText = opts.chain ? readInput(opts.chain).toString("latin1") : "";
      const intermediates = [...chainText.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => m[0]);
      const r = await withContainer((c) =>
        c.validator.validate({ cert: readInput(opts.file), intermediates, purpose: opts.purpose as Purpose, ...(at ? { at } : {}), ...(opts.soft ? { failMode: "soft" as const } : {}) }),
      );
      if (opts.json) print(JSON.stringify({ ...r, chain: r.chain.map(({ der: _der, ...rest }) => rest) }));
      else {
        printTable(r.checks.map((k) => ({ check: k.check, outcome: k.outcome, code: k.code ?? "", subject: k.subject, detail: k.detail })));
        for (const w of r.warnings) print(`warning: ${w}`);
      }
      if (!r.ok) throw new AppError(r.code!, { ...(r.detail ? { detail: r.detail } : {}) });
      if (!opts.json) print(`valid: ${r.chain.map((c) => c.subject).join(" → ")}`);
    });
}
