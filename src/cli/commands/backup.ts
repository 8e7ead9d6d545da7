import type { Command } from "commander";
import type { VerifyReport } from "../../ops/backup/backup.ports.js";
import { AppError } from "../../shared/errors.js";
import { withContainer } from "../context.js";
import { print, printTable } from "../output.js";

const CLI_ACTOR = "cli:local-admin";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function printReport(r: VerifyReport): void {
  printTable(r.checks.map((c) => ({ check: c.id, result: c.skipped ? "skipped" : c.ok ? "ok" : "FAILED", ms: String(c.ms), detail: c.detail })));
}

interface OpenFlags {
  signer?: string[];
  passphraseStdin?: boolean;
  json?: boolean;
}

async function openOptions(o: OpenFlags): Promise<{ signers: string[]; passphrase?: string }> {
  const passphrase = o.passphraseStdin ? await readStdin() : undefined;
  return { signers: o.signer ?? [], ...(passphrase ? { passphrase } : {}) };
}

export function backupCommands(program: Command): void {
  const backup = program.command("backup").description("backup, restore verification and restore (seed §2)");

  backup
    .command("create")
    .description("consistent online snapshot of the database, stored documents and encrypted key files, with a signed manifest")
    .option("-o, --out <file>", "archive to write (default: <dataDir>/backups/landtrade-<time>.ltbk)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { out?: string; json?: boolean }) => {
      // Never migrate first: this is the backup taken BEFORE an upgrade.
      const r = await withContainer((c) => c.backups.create({ ...(opts.out ? { out: opts.out } : {}), actor: CLI_ACTOR }), { migrate: false });
      if (opts.json) return print(JSON.stringify({ id: r.id, file: r.file, bytes: r.bytes, archiveSha256: r.archiveSha256, signer: r.signer, rows: r.manifest.totals.rows, auditSeq: r.manifest.audit.seq, schema: r.manifest.schema.version, recorded: r.recorded, seconds: r.seconds }));
      print(`backup ${r.id} written to ${r.file}`);
      print(`  ${r.manifest.tables.length} tables, ${r.manifest.totals.rows} rows, ${r.manifest.files.length} files, audit head ${r.manifest.audit.seq}, schema ${r.manifest.schema.version}`);
      print(`  ${r.bytes} bytes, SHA-256 ${r.archiveSha256}`);
      print(`  signed by the backup key with fingerprint ${r.signer} (record it with your backup records)`);
      if (!r.recorded) print("  note: this database predates backup records; pass the file to `landtrade migrate --backup FILE` to upgrade it");
      print(`next: landtrade backup verify ${r.file}`);
    });

  backup
    .command("verify")
    .description("restore into a scratch in-memory database and check the manifest, signature, hashes, audit chain, record counts and restore checks")
    .argument("<file>")
    .option("--signer <sha256>", "also trust this backup-signing key fingerprint (repeatable)", collect)
    .option("--passphrase-stdin", "read the key passphrase of the installation that made the backup from standard input")
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: OpenFlags) => {
      const open = await openOptions(opts);
      const v = await withContainer((c) => c.restores.verify(file, { ...open, actor: CLI_ACTOR }), { migrate: false });
      if (opts.json) print(JSON.stringify({ ok: v.report.ok, id: v.backup.manifest.id, recorded: v.recorded, report: v.report }));
      else {
        print(`backup ${v.backup.manifest.id} (${v.backup.manifest.createdAt}, schema ${v.backup.manifest.schema.version}, signer ${v.backup.signer.slice(0, 16)}…)`);
        printReport(v.report);
      }
      if (!v.report.ok) throw new AppError("OPS_BACKUP_VERIFY_FAILED", { detail: v.report.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`).join("; ") });
      if (!opts.json) print(`backup verified in ${v.report.seconds} s${v.recorded ? "" : " (not recorded: this database predates backup records)"}`);
    });

  backup
    .command("restore")
    .description("replace the configured database, documents and key files with a backup (one transaction; refuses a non-empty target without --force)")
    .argument("<file>")
    .option("--force", "replace a database that already holds data")
    .option("--signer <sha256>", "also trust this backup-signing key fingerprint (repeatable)", collect)
    .option("--passphrase-stdin", "read the key passphrase of the installation that made the backup from standard input")
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: OpenFlags & { force?: boolean }) => {
      const open = await openOptions(opts);
      const r = await withContainer((c) => c.restores.restore(file, { ...open, actor: CLI_ACTOR, force: Boolean(opts.force) }), { migrate: false });
      if (opts.json) return print(JSON.stringify({ ok: true, id: r.backup.manifest.id, setAside: r.setAside, report: r.report }));
      printReport(r.report);
      print(`restored backup ${r.backup.manifest.id}: ${r.backup.manifest.totals.rows} rows, audit head ${r.backup.manifest.audit.seq}, schema ${r.backup.manifest.schema.version}`);
      print(`previous documents and key files were moved to ${r.setAside}`);
    });

  backup
    .command("list")
    .description("backups recorded in this database, newest first")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const rows = await withContainer((c) => c.store.read.backups.list(50), { migrate: false });
      if (opts.json) return print(JSON.stringify(rows));
      printTable(
        rows.map((b) => ({
          id: b.id,
          created: b.createdAt.toISOString(),
          origin: b.origin,
          rows: String(b.totalRows),
          verified: b.verifyOk === null ? "-" : `${b.verifyOk ? "ok" : "FAILED"} ${b.verifiedAt!.toISOString()}`,
          file: b.file ?? "",
        })),
      );
    });
}
