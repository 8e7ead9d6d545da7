/**
 * `landtrade est grant|status|cancel`: one-time EST enrollment grants from
 * the command line, for administrators and the README's curl recipe. The RA
 * creates grants through EnrollmentService after dual-control approval; this
 * command is the administrator's direct route (audit-logged as the CLI).
 */
import type { Command } from "commander";
import { SUITES, type SuiteId } from "../../pki/algs/suite.js";
import { ENROLLABLE_PROFILES } from "../../pki/est/enrollment.service.js";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print } from "../output.js";

const CLI_ACTOR = "cli:local-admin";

/** "C=CN,CN=张三,serialNumber=4301…" (\, escapes a comma) → [["C","CN"],["CN","张三"],…] */
export function parseSubject(text: string): [string, string][] {
  const parts = text.split(/(?<!\\),/).map((p) => p.trim().replace(/\\,/g, ","));
  return parts.map((p) => {
    const i = p.indexOf("=");
    if (i < 1) throw new AppError("CLI_USAGE", { detail: `--subject: "${p}" is not KEY=value` });
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
}

export function estCommands(program: Command): void {
  const est = program.command("est").description("EST enrollment (RFC 7030): one-time enrollment grants");
  est
    .command("grant")
    .description("create a one-time enrollment grant; prints the id and the code (shown once)")
    .requiredOption("--subject <dn>", 'the vetted subject, e.g. "C=CN,CN=张三,serialNumber=430121199001011234"')
    .option("--suite <suite>", `${SUITES.join(", ")}`, "ecdsa-p256")
    .option("--profile <profile>", `${ENROLLABLE_PROFILES.join(", ")}`, "individual-sign")
    .option("--id <id>", "the application id (EST user name); generated when absent")
    .option("--holder <holder>", "who holds the certificate (bidder id)")
    .option("--ttl-minutes <n>", "lifetime of the code")
    .option("--json", "print as JSON")
    .action(async (opts: { subject: string; suite: string; profile: string; id?: string; holder?: string; ttlMinutes?: string; json?: boolean }) => {
      const ttl = opts.ttlMinutes !== undefined ? Number(opts.ttlMinutes) : undefined;
      const g = await withContainer((c) =>
        c.enrollment.grant({
          suite: opts.suite as SuiteId,
          profile: opts.profile,
          subject: parseSubject(opts.subject),
          ...(opts.id ? { id: opts.id } : {}),
          ...(opts.holder ? { holder: opts.holder } : {}),
          ...(ttl !== undefined ? { ttlMinutes: ttl } : {}),
          actor: CLI_ACTOR,
        }),
      );
      if (opts.json) return print(JSON.stringify(g));
      print(`enrollment id:   ${g.id}`);
      print(`enrollment code: ${g.code}   (shown once; give it to the applicant)`);
      print(`expires:         ${g.expiresAt.toISOString()}${g.replaced ? "   (replaces the previous code)" : ""}`);
    });
  est
    .command("status")
    .description("the state of a grant (open, used, expired, locked, cancelled)")
    .argument("<id>")
    .action(async (id: string) => {
      const st = await withContainer((c) => c.enrollment.status(id));
      print(JSON.stringify(st));
    });
  est
    .command("cancel")
    .description("withdraw an unused grant")
    .argument("<id>")
    .action(async (id: string) => {
      await withContainer((c) => c.enrollment.cancel(id, CLI_ACTOR));
      print(`cancelled ${id}`);
    });
}
