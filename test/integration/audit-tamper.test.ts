import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditLogTable } from "../../src/storage/schema.js";
import type { Selectable } from "kysely";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { TAMPERS } from "../helpers/tamper.js";
import { DEMO_PASSWORD, DEMO_USERS } from "../../src/app/demo-seed.js";

describe("audit chain against SQL tampering", () => {
  let s: TestSystem;
  let pristine: Selectable<AuditLogTable>[];
  let head: { seq: number; hash: string };

  beforeAll(async () => {
    s = await startTestSystem();
    // Exactly 14 audited entries (one per staff account), independent of what later areas add to the demo seed.
    for (const u of DEMO_USERS) await s.c.staff.create({ username: u.username, displayName: u.displayName, roles: [u.role], password: DEMO_PASSWORD }, "system:test");
    pristine = await s.dbh.db.selectFrom("audit_log").selectAll().orderBy("seq").execute();
    head = await s.c.store.read.audit.head();
  });
  afterAll(() => s.close());

  async function restore() {
    await s.dbh.db.deleteFrom("audit_log").execute();
    for (const r of pristine) await s.dbh.db.insertInto("audit_log").values({ ...r, payload: JSON.stringify(r.payload) }).execute();
    await s.dbh.db.updateTable("audit_head").set(head).where("id", "=", 1).execute();
  }

  it("the untouched chain verifies", async () => {
    expect(pristine).toHaveLength(14);
    expect(await s.c.audit.verify(s.c.store.read.audit)).toMatchObject({ ok: true, entries: 14, firstBreak: null });
  });

  for (const t of TAMPERS) {
    it(`names the first broken link when a ${t.name}`, async () => {
      await t.apply(s.dbh.db);
      const r = await s.c.audit.verify(s.c.store.read.audit, 4); // small pages: breaks across page boundaries too
      expect(r.ok).toBe(false);
      expect(r.firstBreak?.seq).toBe(t.breaksAt);
      expect(r.firstBreak?.reason).toMatch(t.reason);
      await restore();
      expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
    });
  }
});
