import type { Command } from "commander";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print } from "../output.js";

export function auditCommands(program: Command): void {
  const audit = program.command("audit").description("the tamper-evident audit log");
  audit
    .command("verify")
    .description("walk the audit chain; exit non-zero naming the first broken link")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const r = await withContainer((c) => c.audit.verify(c.store.read.audit), { migrate: false });
      if (opts.json) print(JSON.stringify(r));
      if (!r.ok) {
        throw new AppError("AUDIT_CHAIN_BROKEN", { detail: `first broken link at entry ${r.firstBreak!.seq}: ${r.firstBreak!.reason} (${r.entries} entries verified before it)` });
      }
      if (!opts.json) print(`audit chain OK: ${r.entries} entries, head ${r.head.seq} ${r.head.hash}`);
    });
}
