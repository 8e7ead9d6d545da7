/**
 * Audit anchoring: the chain head timestamped by our TSA. An attacker with
 * SQL access who rewrites an entry AND recomputes every later hash and the
 * head passes the chain check, but not the anchors. A tampered token fails
 * too. GET /api/audit/verify reports anchors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntry, GENESIS_HASH } from "../../src/ops/audit-chain.js";
import { anchorImprint } from "../../src/ops/audit-anchor.service.js";
import { parseTstInfo } from "../../src/pki/asn1/tsp.js";
import { verifyCms } from "../../src/pki/asn1/cms.js";
import { login, startTestSystem, TEST_PASSWORD, type TestSystem } from "../helpers/app.js";

describe("audit anchors", () => {
  let s: TestSystem;

  beforeAll(async () => {
    s = await startTestSystem();
    await s.c.pki.ca.init("ecdsa-p256", "test:admin");
    for (let i = 0; i < 5; i++) await s.c.staff.create({ username: `user${i}`, displayName: `用户${i}`, roles: ["service_desk"], password: TEST_PASSWORD }, "test");
    await s.c.staff.create({ username: "auditor", displayName: "审计", roles: ["ra_auditor"], password: TEST_PASSWORD }, "test");
  }, 120_000);
  afterAll(() => s?.close());

  it("anchors the head with a stored TSA token over the head's imprint", async () => {
    const head = await s.c.store.read.audit.head();
    const a = await s.c.anchors.anchor("test:admin");
    expect(a).toMatchObject({ seq: head.seq, hash: head.hash });
    const [stored] = await s.c.store.read.anchors.list();
    const tst = parseTstInfo(verifyCms(stored!.tokenDer).content);
    expect(Buffer.from(tst.imprint).equals(Buffer.from(anchorImprint(head.seq, head.hash, "sha256")))).toBe(true);
    // The anchoring itself is in the log, after the anchored head.
    const after = await s.c.store.read.audit.list({ action: "audit.anchor", limit: 1 });
    expect(after[0]?.seq).toBe(head.seq + 1);
    expect(await s.c.anchors.verify()).toMatchObject({ ok: true, count: 1, lastAnchoredSeq: head.seq });
  });

  it("a second anchor later; both verify; the API reports them", async () => {
    await s.c.staff.update("user1", { displayName: "改名" }, "test");
    await s.c.anchors.anchor();
    const v = await s.c.anchors.verify();
    expect(v).toMatchObject({ ok: true, count: 2 });
    const auditor = await login(s.app, "auditor");
    const r = await s.app.inject({ method: "GET", url: "/api/audit/verify", headers: { cookie: auditor.cookie } });
    expect(r.json()).toMatchObject({ ok: true, anchors: { ok: true, count: 2 } });
  });

  it("a tampered token fails (and verifies again once restored)", async () => {
    const [a] = await s.c.store.read.anchors.list();
    const bad = Uint8Array.from(a!.tokenDer);
    bad[bad.length - 10]! ^= 0x01;
    await s.dbh.db.updateTable("pki_tsa_token").set({ token_der: bad }).where("serial", "=", a!.tsaSerial).execute();
    const v = await s.c.anchors.verify();
    expect(v.ok).toBe(false);
    expect(v.firstFailure).toMatchObject({ id: a!.id });
    expect(v.firstFailure?.reason).toMatch(/signature|unreadable/);
    await s.dbh.db.updateTable("pki_tsa_token").set({ token_der: a!.tokenDer }).where("serial", "=", a!.tsaSerial).execute();
    expect((await s.c.anchors.verify()).ok).toBe(true);
  });

  it("a rewritten log with every hash recomputed passes the chain check but fails the anchor", async () => {
    const db = s.dbh.db;
    const rows = await db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    // Rewrite entry 3 and re-chain everything after it, head included: the chain alone cannot tell.
    let prev = { seq: 0, hash: GENESIS_HASH };
    for (const r of rows) {
      const payload = r.seq === 3 ? { ...(r.payload as object), displayName: "篡改" } : r.payload;
      const e = buildEntry(prev, new Date(r.at), { actor: r.actor, action: r.action, subject: r.subject, payload: payload as Record<string, unknown> });
      await db.updateTable("audit_log").set({ payload: JSON.stringify(payload), payload_digest: e.payloadDigest, prev_hash: e.prevHash, hash: e.hash }).where("seq", "=", r.seq).execute();
      prev = { seq: e.seq, hash: e.hash };
    }
    await db.updateTable("audit_head").set({ seq: prev.seq, hash: prev.hash }).execute();
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
    const v = await s.c.anchors.verify();
    expect(v.ok).toBe(false);
    expect(v.firstFailure?.reason).toMatch(/no longer has the anchored hash/);
    const auditor = await login(s.app, "auditor");
    const r = await s.app.inject({ method: "GET", url: "/api/audit/verify", headers: { cookie: auditor.cookie } });
    expect(r.json()).toMatchObject({ ok: false, firstBreak: null, anchors: { ok: false } });
  });
});
