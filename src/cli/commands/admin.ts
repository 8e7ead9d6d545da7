import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ROOT_DIR } from "../../app/container.js";
import { seedDemo } from "../../app/demo-seed.js";
import { renderErrorDocs } from "../../shared/error-docs.js";
import { migrationStatus } from "../../storage/migrate.js";
import { withContainer } from "../context.js";
import { print } from "../output.js";

export function adminCommands(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations")
    .option("--status", "only show applied and pending migrations")
    .option("--backup <file>", "a backup of the current state: verified now, it allows the upgrade")
    .option("--signer <sha256>", "trust this backup-signing key fingerprint for --backup")
    .option("--force", "upgrade without a recent verified backup (not recommended)")
    .action(async (opts: { status?: boolean; backup?: string; signer?: string; force?: boolean }) => {
      await withContainer(
        async (c) => {
          if (opts.status) {
            const st = await migrationStatus(c.dbh.db);
            print(`applied: ${st.applied.join(", ") || "(none)"}`);
            print(`pending: ${st.pending.join(", ") || "(none)"}`);
            return;
          }
          const r = await c.upgrade({
            actor: "cli:local-admin",
            force: Boolean(opts.force),
            ...(opts.backup ? { backupFile: opts.backup } : {}),
            ...(opts.signer ? { signers: [opts.signer] } : {}),
          });
          if (!r.applied.length) return print("database is up to date");
          print(`applied: ${r.applied.join(", ")}`);
          if (r.decision.basis !== "fresh-database") print(`  allowed by: ${r.decision.basis}${r.decision.backupId ? ` (backup ${r.decision.backupId})` : ""}`);
        },
        { migrate: false },
      );
    });

  program
    .command("demo")
    .description("demo data")
    .command("seed")
    .description("create demo data (idempotent: existing records are kept)")
    .action(async () => {
      const r = await withContainer((c) => seedDemo(c, { ops: true }));
      const kb = r.kb ? `; knowledge base: ${r.kb.created.length} articles created, ${r.kb.existing.length} already present` : "";
      print(`demo seed: ${r.created.length} staff accounts created, ${r.existing.length} already present; ${r.incidents} support incidents created${kb}`);
    });

  program
    .command("docs")
    .description("generated documentation")
    .command("errors")
    .description("write docs/errors.md from the error catalogue")
    .action(() => {
      const file = path.join(ROOT_DIR, "docs/errors.md");
      writeFileSync(file, renderErrorDocs());
      print(`wrote ${file}`);
    });
}
