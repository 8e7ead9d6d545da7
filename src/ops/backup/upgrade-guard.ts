/**
 * Seed §2: a complete backup before any upgrade. A schema upgrade of a
 * database that holds data needs a verified backup of it, made within
 * `backupMaxAgeHours` — or a backup file given now whose audit head is the
 * database's current head (a backup of exactly this state), verified on the
 * spot — unless the operator forces it. A fresh, empty database needs none.
 */
import type { Clock } from "../../app/clock.js";
import { AppError, isAppError } from "../../shared/errors.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import type { BackupStorage } from "./backup.ports.js";
import type { Manifest } from "./manifest.js";
import { OPS_SCHEMA_MIGRATION, type BackupService } from "./backup.service.js";
import type { RestoreService } from "./restore.service.js";

export interface UpgradeDecision {
  pending: string[];
  /** Why the upgrade may go ahead. */
  basis: "up-to-date" | "fresh-database" | "verified-backup" | "backup-file" | "forced";
  backupId?: string;
}

export interface UpgradeGuardDeps {
  storage: BackupStorage;
  store: Store;
  clock: Clock;
  restores: RestoreService;
  maxAgeHours: number;
}

/**
 * The backup holds the database's current state: its audit head is an entry
 * of this chain (same hash), and every entry after it is about the backup
 * itself ("created", "verified").
 */
async function assertBackupOfCurrentState(store: Store, m: Manifest): Promise<void> {
  const at = m.audit.seq === 0 ? null : (await store.read.audit.page(m.audit.seq - 1, 1))[0];
  const since = await store.read.audit.page(m.audit.seq, 20);
  const sameChain = m.audit.seq === 0 || (at?.seq === m.audit.seq && at.hash === m.audit.hash);
  if (!sameChain || since.length >= 20 || since.some((e) => e.subject !== `backup:${m.id}`)) {
    throw new AppError("OPS_UPGRADE_BACKUP_REQUIRED", {
      detail: `backup ${m.id} ends at audit entry ${m.audit.seq}; the database has changed since (it is not a backup of the current state)`,
    });
  }
}

export async function checkUpgrade(deps: UpgradeGuardDeps, opts: { force?: boolean; backupFile?: string; signers?: string[]; actor: string }): Promise<UpgradeDecision> {
  const applied = await deps.storage.appliedMigrations();
  const pending = deps.storage.knownMigrations().filter((m) => !applied.includes(m));
  if (pending.length === 0) return { pending, basis: "up-to-date" };
  if (applied.length === 0 || (await deps.storage.isEmpty())) return { pending, basis: "fresh-database" };
  if (opts.force) return { pending, basis: "forced" };

  if (opts.backupFile) {
    const v = await deps.restores.verify(opts.backupFile, { actor: opts.actor, signers: opts.signers ?? [] });
    if (!v.report.ok) throw new AppError("OPS_BACKUP_VERIFY_FAILED", { detail: v.report.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`).join("; ") });
    await assertBackupOfCurrentState(deps.store, v.backup.manifest);
    return { pending, basis: "backup-file", backupId: v.backup.manifest.id };
  }

  const maxAgeMs = deps.maxAgeHours * 3_600_000;
  if (!applied.includes(OPS_SCHEMA_MIGRATION)) {
    throw new AppError("OPS_UPGRADE_BACKUP_REQUIRED", {
      detail: `this database predates backup records; run \`landtrade backup create\` and pass the file: \`landtrade migrate --backup FILE\` (pending: ${pending.join(", ")})`,
    });
  }
  const latest = await deps.store.read.backups.latestVerifiedLocal();
  const now = deps.clock.now().getTime();
  if (!latest || now - latest.createdAt.getTime() > maxAgeMs) {
    const what = latest ? `the newest verified backup (${latest.id}) is from ${latest.createdAt.toISOString()}, older than ${deps.maxAgeHours} h` : "there is no verified backup";
    throw new AppError("OPS_UPGRADE_BACKUP_REQUIRED", { detail: `${what} (pending: ${pending.join(", ")})` });
  }
  return { pending, basis: "verified-backup", backupId: latest.id };
}

export interface UpgradeOptions {
  force?: boolean;
  backupFile?: string;
  signers?: string[];
  /** `landtrade start`: when a backup is required, make one and verify it first (the demo path). */
  autoBackup?: boolean;
  actor: string;
}

export interface UpgradeResult {
  applied: string[];
  decision: UpgradeDecision;
}

/** Guard, then migrate, then record the upgrade in the audit log. */
export async function upgradeSchema(
  deps: UpgradeGuardDeps & { migrate: () => Promise<string[]>; audit: AuditService; backups: BackupService },
  opts: UpgradeOptions,
): Promise<UpgradeResult> {
  let decision: UpgradeDecision;
  try {
    decision = await checkUpgrade(deps, opts);
  } catch (e) {
    if (!(opts.autoBackup && isAppError(e) && e.code === "OPS_UPGRADE_BACKUP_REQUIRED")) throw e;
    const b = await deps.backups.create({ actor: opts.actor });
    const v = await deps.restores.verify(b.file, { actor: opts.actor, signers: [b.signer] });
    if (!v.report.ok) throw new AppError("OPS_BACKUP_VERIFY_FAILED", { detail: `automatic pre-upgrade backup ${b.file}` });
    await assertBackupOfCurrentState(deps.store, v.backup.manifest);
    const applied = await deps.storage.appliedMigrations();
    decision = { pending: deps.storage.knownMigrations().filter((m) => !applied.includes(m)), basis: "backup-file", backupId: b.id };
  }
  if (decision.pending.length === 0) return { applied: [], decision };
  const before = await deps.storage.appliedMigrations();
  const applied = await deps.migrate();
  if (decision.basis !== "fresh-database") {
    await deps.store.tx((r) =>
      deps.audit.record(r.audit, {
        actor: opts.actor,
        action: "ops.schema.upgraded",
        subject: "database",
        payload: { from: before.at(-1) ?? null, applied, basis: decision.basis, backup: decision.backupId ?? null },
      }),
    );
  }
  return { applied, decision };
}
