/**
 * Standby issuance with automatic failover (seed §3.1), the real thing: two
 * `landtrade serve` processes on one PostgreSQL, failover on. An EST
 * issuance storm goes through a load-balancer-like client; the primary is
 * SIGKILLed in the middle of it. The standby must serve within 10 s, no
 * approved enrollment may be lost (every grant ends with an issued
 * certificate, none left pending), no serial twice, CRL numbers strictly
 * increasing, the promotion audit-logged and the audit chain intact.
 * PostgreSQL only: the embedded database serves one process.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditService } from "../../src/ops/audit.service.js";
import { SystemClock } from "../../src/app/clock.js";
import { openDatabase, type DbHandle } from "../../src/storage/db.js";
import { createStore } from "../../src/storage/store.js";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";
import { issuanceStormWithKill, prepareSite, roleOf, startNode, waitForRole, type DrillNode, type DrillSite } from "../helpers/failover-drill.js";

const SLOW = 600_000;
const GRANTS = 48;

describe.skipIf(!onPostgres)("failover drill: SIGKILL the primary during an issuance storm (PostgreSQL only: skipped without DATABASE_URL)", () => {
  let drop: (() => Promise<void>) | undefined;
  let site: DrillSite;
  let a: DrillNode | undefined;
  let b: DrillNode | undefined;
  let dbh: DbHandle;

  beforeAll(async () => {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
    drop = scratch.drop;
    site = await prepareSite(scratch.url, GRANTS);
    a = await startNode(site, "A");
    await waitForRole(a, "leader");
    b = await startNode(site, "B");
    dbh = await openDatabase({ databaseUrl: scratch.url });
  }, SLOW);
  afterAll(async () => {
    for (const n of [a, b]) if (n && n.child.exitCode === null) n.child.kill("SIGKILL");
    await dbh?.close();
    site?.close();
    await drop?.();
  });

  it("the standby takes over within 10 s; no approved request lost, no duplicate serial, CRL numbers increasing", async () => {
    expect(await roleOf(b!)).toBe("standby");
    const drill = await issuanceStormWithKill([a!, b!], a!, site.grants, { concurrency: 4, killAfter: 16 });
    console.info(`failover drill: ${Math.round(drill.failoverMs)} ms; outcomes A=${drill.outcomes.filter((o) => o.node === "A").length} B=${drill.outcomes.filter((o) => o.node === "B").length} consumed=${drill.outcomes.filter((o) => o.kind === "consumed").length}`);
    expect(drill.failoverMs, `B log: ${b!.log().slice(-1500)}`).toBeLessThan(10_000);
    expect(await roleOf(b!)).toBe("leader");
    // Every client got an answer: a certificate, or (its answer lost with A) the grant already used.
    expect(drill.outcomes.map((o) => o.grant).sort()).toEqual(site.grants.map((g) => g.id).sort());
    expect(drill.outcomes.filter((o) => o.node === "A").length).toBeGreaterThanOrEqual(15);
    expect(drill.outcomes.filter((o) => o.node === "B" && o.kind === "issued").length).toBeGreaterThan(0);

    const store = createStore(dbh.db);
    // No approved request lost: every grant consumed by exactly one certificate, which is signed.
    const serials: string[] = [];
    for (const g of site.grants) {
      const rec = await store.read.enrollment.grant(g.id);
      expect(rec?.usedAt, g.id).not.toBeNull();
      const cert = await store.read.pki.certificate(rec!.serial!);
      expect(cert?.status, `${g.id} → ${rec!.serial}`).toBe("issued");
      serials.push(rec!.serial!);
    }
    expect(new Set(serials).size).toBe(GRANTS);
    // B signed anything A had recorded but not signed when it died (persist intent, then sign).
    const pending = await store.read.pki.pendingCertificates();
    expect(pending).toEqual([]);
    const { rows: dup } = await sql<{ serial: string }>`select serial from pki_certificate group by serial having count(*) > 1`.execute(dbh.db);
    expect(dup).toEqual([]);
    const { rows: drillCerts } = await sql<{ n: string }>`select count(*) as n from pki_certificate where holder like 'drill:%'`.execute(dbh.db);
    expect(Number(drillCerts[0]!.n)).toBe(GRANTS);

    // CRL numbers: per CA strictly increasing in issue order (A's and B's CRLs interleave on one counter).
    const { rows: crls } = await sql<{ ca_id: string; crl_number: number }>`select ca_id, crl_number from pki_crl order by ca_id, this_update, crl_number`.execute(dbh.db);
    const byCa = new Map<string, number[]>();
    for (const c of crls) byCa.set(c.ca_id, [...(byCa.get(c.ca_id) ?? []), Number(c.crl_number)]);
    for (const [ca, nums] of byCa) for (let i = 1; i < nums.length; i++) expect(nums[i], `${ca}: ${nums.join(",")}`).toBeGreaterThan(nums[i - 1]!);

    // The promotion is in the audit log: B took the lease with the next epoch, naming A's lapsed lease.
    const promoted = await store.read.audit.list({ action: "ops.leader.promoted", limit: 20 });
    const last = promoted[0]!; // newest first
    expect(promoted.length).toBeGreaterThanOrEqual(3); // setup node, A, B
    expect(last.payload).toMatchObject({ url: b!.url, previous: { holder: expect.stringContaining(`/${a!.child.pid}/`) } });
    expect((await new AuditService(new SystemClock()).verify(store.read.audit)).ok).toBe(true);
  }, SLOW);
});
