/**
 * Backup, verify and restore end to end on real databases (PGlite, or
 * PostgreSQL when DATABASE_URL is set): a backup of a system with staff,
 * a CA hierarchy (bytea, jsonb key references, encrypted key files), stored
 * documents and microsecond timestamps restores into an empty database
 * byte-for-byte as PostgreSQL renders it; every kind of bad backup is a coded
 * error that leaves the target exactly as it was.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { checkUpgrade } from "../../src/ops/backup/upgrade-guard.js";
import { seedPkiDemo } from "../../src/app/demo-seed-pki.js";
import { AppError } from "../../src/shared/errors.js";
import { backupStorage } from "../../src/storage/logical-backup.js";
import { MIGRATIONS } from "../../src/storage/migrate.js";
import { fingerprint, opsSystem, rewriteBackup, sha256File, tableRows, type OpsSystem } from "../helpers/ops.js";

const SLOW = 240_000;

async function expectCode(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, `expected ${code}`).toBeInstanceOf(AppError);
  expect((e as AppError).code, (e as AppError).message).toBe(code);
  return e as AppError;
}

describe("backup, verify, restore", () => {
  let src: OpsSystem;
  let dst: OpsSystem;
  let file: string;
  let signer: string;

  beforeAll(async () => {
    src = await opsSystem();
    const { c } = src;
    for (const [u, n] of [["wang", "王交易"], ["li", "李监管"], ["ma", "马运维"]] as const) {
      await c.staff.create({ username: u, displayName: n, roles: ["ops"], password: "backup-Test-pass-1" }, "system:test");
    }
    // A timestamp with microseconds: a JavaScript Date would lose them.
    await sql`update staff_user set updated_at = '2026-03-02 01:00:00.123456+00' where username = 'li'`.execute(src.dbh.db);
    // ECDSA and SM2 hierarchies, their CRLs, server certificates, one of them revoked.
    await seedPkiDemo(c.pki);
    mkdirSync(path.join(src.dataDir, "documents/announcements"), { recursive: true });
    writeFileSync(path.join(src.dataDir, "documents/announcements/CX-2026-017.txt"), "长沙县国有建设用地使用权挂牌出让公告 CX-2026-017\n");

    const made = await c.backups.create({ actor: "staff:ops" });
    file = made.file;
    signer = made.signer;
    dst = await opsSystem();
  }, SLOW);

  afterAll(async () => {
    await src?.close();
    await dst?.close();
  });

  it("writes a gzip'd tar with a signed manifest, per-table NDJSON, documents and only encrypted keys", async () => {
    const list = execFileSync("tar", ["tzf", file], { encoding: "utf8" }).trim().split("\n");
    expect(list).toEqual(expect.arrayContaining(["manifest.json", "manifest.sig.json", "db/staff_user.ndjson", "db/pki_certificate.ndjson", "files/documents/announcements/CX-2026-017.txt"]));
    const keyFiles = list.filter((f) => f.startsWith("keys/"));
    expect(keyFiles.filter((f) => f.endsWith(".key.pem")).length).toBe(9); // root, sub, OCSP, TSA per suite, and the backup key
    expect(list).not.toContain("keys/.passphrase");
    for (const k of keyFiles.filter((f) => f.endsWith(".key.pem"))) {
      const pem = execFileSync("tar", ["xzOf", file, k], { encoding: "utf8" });
      expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    }
    const manifest = JSON.parse(execFileSync("tar", ["xzOf", file, "manifest.json"], { encoding: "utf8" })) as {
      tables: { name: string; rows: number }[];
      audit: { seq: number };
      createdAt: string;
      schema: { version: string };
    };
    expect(manifest.createdAt).toBe("2026-03-02T01:00:00.000Z"); // the injected clock
    expect(manifest.tables.find((t) => t.name === "staff_user")?.rows).toBe(3);
    expect(manifest.tables.find((t) => t.name === "pki_ca")?.rows).toBe(4);
    expect(manifest.schema.version).toBe(Object.keys(MIGRATIONS).sort().at(-1)); // the newest migration
    const head = await src.c.store.read.audit.head();
    expect(manifest.audit.seq).toBe(head.seq - 1); // the "backup created" entry follows the snapshot
    const rec = await src.c.store.read.backups.get((await src.c.store.read.backups.list(1))[0]!.id);
    expect(rec?.archiveSha256).toBe(sha256File(file));
  });

  it("verifies in a scratch database: load, counts, audit chain, CA keys sign, CRLs regenerate; the result is recorded", async () => {
    const v = await src.c.restores.verify(file, { actor: "staff:ops" });
    expect(v.report.ok, JSON.stringify(v.report.checks)).toBe(true);
    expect(v.report.checks.map((c) => [c.id, c.ok, c.skipped])).toEqual([
      ["ops.load", true, false],
      ["ops.record-counts", true, false],
      ["ops.audit-chain", true, false],
      ["pki.ca-can-sign", true, false],
      ["pki.crl-regenerates", true, false],
    ]);
    expect(v.report.checks.find((c) => c.id === "pki.ca-can-sign")!.detail).toMatch(/^8 keys signed/);
    expect(v.report.checks.find((c) => c.id === "pki.crl-regenerates")!.detail).toMatch(/^4 CRLs rebuilt identically/);
    const latest = await src.c.store.read.backups.latestVerifiedLocal();
    expect(latest?.id).toBe(v.backup.manifest.id);
    expect(latest?.verifyReport?.checks).toHaveLength(5);
  }, SLOW);

  it("refuses an unknown signer until its fingerprint is given", async () => {
    // dst has its own key store, with another backup key.
    await expectCode(dst.c.restores.verify(file, { actor: "t", record: false }), "OPS_BACKUP_SIGNER_UNTRUSTED");
    const v = await dst.c.restores.verify(file, { actor: "t", record: false, signers: [signer] });
    expect(v.report.ok).toBe(true);
  }, SLOW);

  it("restores into an empty database exactly (every row as PostgreSQL renders it), with documents and key files", async () => {
    const r = await dst.c.restores.restore(file, { actor: "cli:test", signers: [signer] });
    expect(r.report.ok).toBe(true);
    const a = await tableRows(src.dbh);
    const b = await tableRows(dst.dbh);
    const m = r.backup.manifest;
    for (const t of m.tables) {
      if (t.name === "audit_log") expect(b[t.name]!.slice(0, t.rows)).toEqual(a[t.name]!.slice(0, t.rows));
      else if (t.name === "audit_head" || t.name === "ops_backup") continue;
      else expect(b[t.name], t.name).toEqual(a[t.name]);
    }
    expect(b.staff_user!.find((x) => x.includes('"li"'))).toContain("2026-03-02T01:00:00.123456+00:00");
    // The restore itself is audited, continuing the restored chain.
    const v = await dst.c.audit.verify(dst.c.store.read.audit);
    expect(v.ok).toBe(true);
    expect(v.head.seq).toBe(m.audit.seq + 1);
    expect((await dst.c.store.read.audit.list({ limit: 1 }))[0]!.action).toBe("ops.backup.restored");
    expect(readFileSync(path.join(dst.dataDir, "documents/announcements/CX-2026-017.txt"), "utf8")).toContain("CX-2026-017");
    for (const f of m.files.filter((x) => x.kind === "key")) {
      const p = path.join(dst.dataDir, f.path);
      expect(sha256File(p)).toBe(f.sha256);
      if (p.endsWith(".key.pem")) expect(statSync(p).mode & 0o777).toBe(0o600);
    }
    // The restored CA works through the target's own services: it issues the next CRL, numbered after the restored one.
    const before = await dst.c.pki.crl.status();
    const issued = await dst.c.pki.crl.refreshDue(new Date(Date.parse("2026-03-09T00:00:00Z")));
    expect(issued.length).toBe(4);
    for (const crl of issued) expect(crl.crlNumber).toBe(before.find((b) => b.caId === crl.caId)!.crlNumber! + 1);
    // Sequences were carried over: the next TSA serial follows the source's.
    const s1 = await backupStorage(src.dbh.db, src.dbh.kind).snapshot((s) => s.sequences());
    const s2 = await backupStorage(dst.dbh.db, dst.dbh.kind).snapshot((s) => s.sequences());
    expect(s2.filter((s) => s.name !== "ops_probe_result_id_seq")).toEqual(s1.filter((s) => s.name !== "ops_probe_result_id_seq"));
  }, SLOW);

  describe("bad backups are coded errors and leave the target exactly as it was", () => {
    const dir = () => path.dirname(file);
    let before: string;
    beforeAll(async () => {
      before = await fingerprint(dst);
    });
    const unchanged = async () => expect(await fingerprint(dst)).toBe(before);
    const restore = (f: string, extra: { passphrase?: string } = {}) => dst.c.restores.restore(f, { actor: "t", force: true, signers: [signer], ...extra });

    it("a non-empty target without --force", async () => {
      await expectCode(dst.c.restores.restore(file, { actor: "t", signers: [signer] }), "OPS_RESTORE_TARGET_NOT_EMPTY");
      await unchanged();
    }, SLOW);

    it("a missing file", async () => {
      await expectCode(restore(path.join(dir(), "nope.ltbk")), "OPS_BACKUP_FILE_NOT_FOUND");
    });

    it("a corrupted byte in the middle", async () => {
      const bad = path.join(dir(), "corrupt.ltbk");
      copyFileSync(file, bad);
      const buf = readFileSync(bad);
      const mid = Math.floor(buf.length / 2);
      buf[mid] = buf[mid]! ^ 0xff;
      writeFileSync(bad, buf);
      await expectCode(restore(bad), "OPS_BACKUP_CORRUPT");
      await expectCode(dst.c.restores.verify(bad, { actor: "t", signers: [signer] }), "OPS_BACKUP_CORRUPT");
      await unchanged();
    }, SLOW);

    it("a truncated file", async () => {
      const bad = path.join(dir(), "truncated.ltbk");
      copyFileSync(file, bad);
      truncateSync(bad, Math.floor(statSync(bad).size * 0.6));
      await expectCode(restore(bad), "OPS_BACKUP_CORRUPT");
      await unchanged();
    }, SLOW);

    it("a part changed after signing (its hash no longer matches)", async () => {
      const bad = path.join(dir(), "edited-part.ltbk");
      await rewriteBackup(file, bad, (d) => writeFileSync(path.join(d, "db/staff_user.ndjson"), readFileSync(path.join(d, "db/staff_user.ndjson"), "utf8").replace("王交易", "王伪造")), null);
      await expectCode(restore(bad), "OPS_BACKUP_CORRUPT");
      await unchanged();
    }, SLOW);

    it("a manifest changed after signing", async () => {
      const bad = path.join(dir(), "edited-manifest.ltbk");
      await rewriteBackup(file, bad, (_d, m) => ({ ...m, createdBy: "someone-else" }), null);
      await expectCode(restore(bad), "OPS_BACKUP_SIGNATURE_INVALID");
      await unchanged();
    }, SLOW);

    it("a backup from a newer schema", async () => {
      const bad = path.join(dir(), "newer.ltbk");
      await rewriteBackup(file, bad, (_d, m) => ({ ...m, schema: { version: "042-future", migrations: [...m.schema.migrations, { name: "042-future", timestamp: "2027-01-01T00:00:00.000Z" }] } }), src.c);
      const e = await expectCode(restore(bad), "OPS_BACKUP_SCHEMA_NEWER");
      expect(e.detail).toContain("042-future");
      await unchanged();
    }, SLOW);

    it("a wrong key passphrase", async () => {
      await expectCode(restore(file, { passphrase: "definitely-the-wrong-one" }), "OPS_BACKUP_KEY_PASSPHRASE");
      await unchanged();
    }, SLOW);

    it("a revocation missing from the restored rows: the CRL no longer regenerates (verify reports it; restore refuses)", async () => {
      const bad = path.join(dir(), "unrevoked.ltbk");
      await rewriteBackup(
        file,
        bad,
        (d, m) => {
          const p = path.join(d, "db/pki_certificate.ndjson");
          const text = readFileSync(p, "utf8").replace(/"status":"revoked"/, '"status":"issued"');
          writeFileSync(p, text);
          const t = m.tables.find((x) => x.name === "pki_certificate")!;
          t.sha256 = sha256File(p);
          t.bytes = Buffer.byteLength(text);
        },
        src.c,
      );
      const v = await dst.c.restores.verify(bad, { actor: "t", signers: [signer], record: false });
      expect(v.report.ok).toBe(false);
      expect(v.report.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["pki.crl-regenerates"]);
      const e = await expectCode(restore(bad), "OPS_BACKUP_VERIFY_FAILED");
      expect(e.detail).toContain("pki.crl-regenerates");
      await unchanged();
    }, SLOW);

    it("rows that break a foreign key: the load fails inside the transaction and is rolled back", async () => {
      const bad = path.join(dir(), "orphan.ltbk");
      await rewriteBackup(
        file,
        bad,
        (d, m) => {
          const p = path.join(d, "db/pki_certificate.ndjson");
          const text = readFileSync(p, "utf8").replace(/"ca_id":"[^"]+"/, '"ca_id":"no-such-ca"');
          writeFileSync(p, text);
          const t = m.tables.find((x) => x.name === "pki_certificate")!;
          t.sha256 = sha256File(p);
          t.bytes = Buffer.byteLength(text);
        },
        src.c,
      );
      const e = await expectCode(restore(bad), "OPS_RESTORE_FAILED");
      expect(e.detail).toMatch(/foreign key|violates/i);
      await unchanged();
      // verify reports the same backup as failed instead of throwing
      const v = await dst.c.restores.verify(bad, { actor: "t", signers: [signer], record: false });
      expect(v.report.ok).toBe(false);
      expect(v.report.checks[0]!.id).toBe("ops.load");
    }, SLOW);
  });

  describe("the upgrade guard", () => {
    it("needs a verified backup younger than backupMaxAgeHours, unless forced; a fresh database needs none", async () => {
      const storage = backupStorage(src.dbh.db, src.dbh.kind);
      // Pretend this program knows one more migration than the database has.
      const ahead = { ...storage, knownMigrations: () => [...storage.knownMigrations(), "042-future"] };
      const deps = { storage: ahead, store: src.c.store, clock: src.clock, restores: src.c.restores, maxAgeHours: 24 };
      const ok = await checkUpgrade(deps, { actor: "t" });
      expect(ok).toMatchObject({ basis: "verified-backup", pending: ["042-future"] });
      src.clock.advance(25 * HOUR);
      const e = await expectCode(checkUpgrade(deps, { actor: "t" }), "OPS_UPGRADE_BACKUP_REQUIRED");
      expect(e.detail).toMatch(/older than 24 h/);
      expect((await checkUpgrade(deps, { actor: "t", force: true })).basis).toBe("forced");
      // A backup file of exactly the current state also allows it (verified on the spot)...
      const b = await src.c.backups.create({ actor: "t" });
      expect(await checkUpgrade(deps, { actor: "t", backupFile: b.file })).toMatchObject({ basis: "backup-file", backupId: b.id });
      // ...but not once the database has moved on.
      await src.c.staff.create({ username: "late", displayName: "后来者", roles: ["ops"], password: "backup-Test-pass-1" }, "system:test");
      await expectCode(checkUpgrade(deps, { actor: "t", backupFile: b.file }), "OPS_UPGRADE_BACKUP_REQUIRED");
      const fresh = await opsSystem();
      try {
        const s2 = backupStorage(fresh.dbh.db, fresh.dbh.kind);
        const d2 = { ...deps, storage: { ...s2, knownMigrations: () => [...s2.knownMigrations(), "042-future"] }, store: fresh.c.store };
        expect((await checkUpgrade(d2, { actor: "t" })).basis).toBe("fresh-database");
      } finally {
        await fresh.close();
      }
      expect(existsSync(b.file)).toBe(true);
    }, SLOW);
  });
});
