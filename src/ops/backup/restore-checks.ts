/**
 * Restore checks: what must hold after a backup is loaded, run inside the
 * restore transaction (so a failed check on a real restore rolls it back).
 * Each area adds its own with `registry.register(check)`: ops registers the
 * record counts and the audit chain, the PKI registers "the restored CA can
 * sign" and "CRLs regenerate identically".
 */
import type { Clock } from "../../app/clock.js";
import type { KeyStore } from "../../pki/keys/key-store.js";
import type { Store } from "../../storage/store.js";
import type { AuditService } from "../audit.service.js";
import type { CheckResult, RestoreWriter } from "./backup.ports.js";
import type { Manifest } from "./manifest.js";
import { caCanSignCheck, crlRegeneratesCheck } from "./pki-checks.js";

export interface RestoreCheckContext {
  mode: "verify" | "restore";
  manifest: Manifest;
  /** Over the restored data; tx() joins the restore transaction. */
  store: Store;
  writer: RestoreWriter;
  /** The restored key files (file store) or the HSM; null when no key store can be opened. */
  keys: KeyStore | null;
  clock: Clock;
  audit: AuditService;
  /** GM/T 0009 signer ID the installation's SM2 keys sign with. */
  sm2UserId: string;
}

export interface CheckOutcome {
  ok: boolean;
  detail: string;
  /** The check does not apply to this backup (e.g. no CA yet); counts as passed. */
  skipped?: boolean;
}

export interface RestoreCheck {
  id: string;
  title: string;
  run(ctx: RestoreCheckContext): Promise<CheckOutcome>;
}

export class RestoreCheckRegistry {
  private readonly checks: RestoreCheck[] = [];

  register(check: RestoreCheck): void {
    if (this.checks.some((c) => c.id === check.id)) throw new Error(`restore check ${check.id} registered twice`);
    this.checks.push(check);
  }

  list(): readonly RestoreCheck[] {
    return this.checks;
  }

  /** Runs every check; a check that throws fails with its message. */
  async runAll(ctx: RestoreCheckContext): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    for (const c of this.checks) {
      const t0 = performance.now();
      let r: CheckOutcome;
      try {
        r = await c.run(ctx);
      } catch (e) {
        r = { ok: false, detail: `${(e as Error).message}` };
      }
      out.push({ id: c.id, title: c.title, ok: r.ok, skipped: r.skipped ?? false, detail: r.detail, ms: Math.round(performance.now() - t0) });
    }
    return out;
  }
}

export const recordCountsCheck: RestoreCheck = {
  id: "ops.record-counts",
  title: "record counts per table match the manifest",
  async run(ctx) {
    const counts = await ctx.writer.counts();
    const problems: string[] = [];
    for (const t of ctx.manifest.tables) {
      const n = counts.get(t.name);
      if (n !== t.rows) problems.push(`${t.name}: ${n ?? "missing"} restored, ${t.rows} in the manifest`);
    }
    for (const name of counts.keys()) if (!ctx.manifest.tables.some((t) => t.name === name)) problems.push(`${name}: not in the manifest`);
    const total = ctx.manifest.tables.reduce((s, t) => s + t.rows, 0);
    return problems.length ? { ok: false, detail: problems.join("; ") } : { ok: true, detail: `${ctx.manifest.tables.length} tables, ${total} rows` };
  },
};

export const auditChainCheck: RestoreCheck = {
  id: "ops.audit-chain",
  title: "the audit chain verifies and ends at the manifest's head",
  async run(ctx) {
    const v = await ctx.audit.verify(ctx.store.read.audit);
    if (!v.ok) return { ok: false, detail: `broken at entry ${v.firstBreak!.seq}: ${v.firstBreak!.reason}` };
    const want = ctx.manifest.audit;
    if (v.head.seq !== want.seq || v.head.hash !== want.hash) {
      return { ok: false, detail: `head is ${v.head.seq}/${v.head.hash.slice(0, 12)}…, the manifest says ${want.seq}/${want.hash.slice(0, 12)}…` };
    }
    return { ok: true, detail: `${v.entries} entries, head ${v.head.seq}` };
  },
};

export function defaultRestoreChecks(): RestoreCheckRegistry {
  const r = new RestoreCheckRegistry();
  r.register(recordCountsCheck);
  r.register(auditChainCheck);
  r.register(caCanSignCheck);
  r.register(crlRegeneratesCheck);
  return r;
}
