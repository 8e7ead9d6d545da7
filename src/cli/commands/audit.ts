import type { Command } from "commander";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print } from "../output.js";

export function auditCommands(program: Command): void {
  const audit = program.command("audit").description("the tamper-evident audit log");
  audit
    .command("verify")
    .description("walk the audit chain and check every TSA anchor; exit non-zero naming the first failure")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const [r, anchors] = await withContainer(async (c) => [await c.audit.verify(c.store.read.audit), await c.anchors.verify()] as const, { migrate: false });
      if (opts.json) print(JSON.stringify({ ...r, anchors }));
      if (!r.ok) {
        throw new AppError("AUDIT_CHAIN_BROKEN", { detail: `first broken link at entry ${r.firstBreak!.seq}: ${r.firstBreak!.reason} (${r.entries} entries verified before it)` });
      }
      if (!anchors.ok) {
        throw new AppError("AUDIT_ANCHOR_BROKEN", { detail: `anchor ${anchors.firstFailure!.id} (entry ${anchors.firstFailure!.seq}): ${anchors.firstFailure!.reason}` });
      }
      if (!opts.json) {
        print(`audit chain OK: ${r.entries} entries, head ${r.head.seq} ${r.head.hash}`);
        print(anchors.count ? `anchors OK: ${anchors.count} timestamped heads, the newest at entry ${anchors.lastAnchoredSeq}` : "no anchors yet (landtrade audit anchor)");
      }
    });

  audit
    .command("anchor")
    .description("timestamp the audit chain head with the TSA and record the anchor")
    .action(async () => {
      const a = await withContainer((c) => c.anchors.anchor("cli:local-admin"));
      print(`anchored entry ${a.seq} (${a.hash}) with timestamp token #${a.tsaSerial} at ${a.genTime.toISOString()}`);
    });
}
