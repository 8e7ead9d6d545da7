/**
 * Parcels, announcements and notices through the HTTP API: the 20-day rule,
 * the working-day rule, drafts vs. announced parcels, material changes,
 * suspension/resumption/termination, the deadline poller, audit entries, and
 * who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { beijingTime } from "../../src/trading/calendar/working-calendar.js";
import { call, parcelBody, S, startTradingSystem, type TradingSystem } from "../helpers/trading.js";

let s: TradingSystem;
beforeAll(async () => {
  s = await startTradingSystem();
});
afterAll(() => s.close());

type Detail = { parcel: { id: string; parcelNo: string; phase: string; listingStart: string; listingEnd: string }; view: { phase: string; deadline: string | null }; notices: { kind: string; number: string; body: string }[]; postponements: number; rules: Record<string, number> };

async function create(o: Record<string, unknown> = {}): Promise<Detail> {
  const r = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody(o));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as unknown as Detail;
}

describe("parcels", () => {
  it("creates a draft with legal defaults and refuses bad input with field errors", async () => {
    const d = await create();
    expect(d.parcel.phase).toBe("draft");
    expect(d.rules).toEqual({ announceLeadDays: 20, materialChangeLeadDays: 20, listingMinWorkingDays: 10, freezeMinutes: 0, intentWindowMinutes: 5, countdownMinutes: 4 });

    const dup = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody({ parcelNo: d.parcel.parcelNo }));
    expect(dup.body.code).toBe("TRADE_PARCEL_NO_TAKEN");

    const bad = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody({ startPriceFen: "12.5", incrementFen: "0" }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");

    const illegal = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody({ rules: { announceLeadDays: 15, listingMinWorkingDays: 5 } }));
    expect(illegal.body.code).toBe("VALIDATION_FAILED");
    expect((illegal.body.errors as Record<string, string>).announceLeadDays).toMatch(/≥ 20/);
    expect((illegal.body.errors as Record<string, string>).listingMinWorkingDays).toMatch(/≥ 10/);
  });

  it("enforces the 20-day announcement lead; nothing is stored when refused", async () => {
    const d = await create({ listingStart: beijingTime("2026-03-21", "09:00").toISOString() }); // 19 days ahead
    const r = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("TRADE_ANNOUNCEMENT_TOO_LATE");
    const after = (await call(s.app, s.admin, "GET", `/api/trading/parcels/${d.parcel.id}`)).body as unknown as Detail;
    expect(after.parcel.phase).toBe("draft");
    expect(after.notices).toHaveLength(0);
    // The draft can be fixed and then announced.
    const { parcelNo: _no, ...fields } = parcelBody();
    expect((await call(s.app, s.admin, "PUT", `/api/trading/parcels/${d.parcel.id}`, fields)).status).toBe(200);
    const ok = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    expect(ok.status).toBe(200);
  });

  it("enforces 10 working days, holidays from the calendar excluded", async () => {
    expect((await call(s.app, s.admin, "PUT", "/api/trading/calendar/2026-03-25", { kind: "holiday", name: "测试假日" })).status).toBe(200);
    const d = await create();
    const r = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    expect(r.body.code).toBe("TRADE_LISTING_TOO_SHORT");
    expect((await call(s.app, s.admin, "DELETE", "/api/trading/calendar/2026-03-25")).status).toBe(204);
    expect((await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {})).status).toBe(200);
  });

  it("publishes a numbered announcement, audited, and freezes the draft", async () => {
    const d = await create();
    const r = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    const a = r.body as unknown as Detail;
    expect(a.parcel.phase).toBe("announced");
    expect(a.notices).toHaveLength(1);
    expect(a.notices[0]!.number).toMatch(/^长县自然资告〔2026〕第\d+号$/);
    expect(a.notices[0]!.body).toContain("挂牌时间：2026年3月23日 09:00 至 2026年4月3日 15:00");
    const { parcelNo: _no, ...fields } = parcelBody();
    const edit = await call(s.app, s.admin, "PUT", `/api/trading/parcels/${d.parcel.id}`, fields);
    expect(edit.body.code).toBe("TRADE_PARCEL_NOT_EDITABLE");
    const audit = await s.c.store.read.audit.list({ subject: `parcel:${d.parcel.parcelNo}`, limit: 20 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["trading.parcel.create", "trading.sale.publishAnnouncement", "trading.notice.announcement"]));
    const pub = await call(s.app, null, "GET", "/api/public/notices");
    expect((pub.body.items as { number: string }[]).map((n) => n.number)).toContain(a.notices[0]!.number);
  });

  it("postpones the listing on a material change with fewer than 20 days left", async () => {
    const d = await create();
    await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    await s.at(beijingTime("2026-03-13", "10:00")); // 10 days before the listing
    const r = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/material-change`, { body: "规划条件调整：容积率上限调整为2.5。" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const m = r.body as unknown as Detail;
    expect(m.parcel.listingStart).toBe(beijingTime("2026-04-02", "09:00").toISOString());
    expect(m.postponements).toBe(1);
    expect(m.notices.map((n) => n.kind)).toEqual(["announcement", "materialChange"]);
    expect(m.notices[1]!.body).toContain("变更后挂牌时间：2026年4月2日 09:00");
    await s.at("2026-03-02T01:00:00.000Z");
  });

  it("lets supervisors read everything and change nothing", async () => {
    const d = await create();
    expect((await call(s.app, s.supervisor, "GET", "/api/trading/parcels")).status).toBe(200);
    expect((await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${d.parcel.id}`)).status).toBe(200);
    expect((await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${d.parcel.id}/events`)).status).toBe(200);
    const w = await call(s.app, s.supervisor, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    expect(w.status).toBe(403);
    expect((await call(s.app, s.supervisor, "POST", "/api/trading/parcels", parcelBody())).status).toBe(403);
  });
});

describe("the sale over time", () => {
  it("opens and closes the listing from the poller; without bids the parcel is withdrawn with a result notice", async () => {
    const d = await create();
    await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    const jobs = await s.c.scheduler.list({ keyPrefix: d.parcel.id });
    expect(jobs.map((j) => [j.key.split(":")[1], j.dueAt.toISOString()]).sort()).toEqual([
      ["listingClose", S.end.toISOString()],
      ["listingOpen", S.start.toISOString()],
    ]);
    await s.at(new Date(S.start.getTime() - 1));
    await s.tick();
    expect((await s.c.trading.parcels.detail(d.parcel.id)).state.phase).toBe("announced");
    await s.at(S.start);
    expect(await s.tick()).toBeGreaterThanOrEqual(1);
    expect((await s.c.trading.parcels.detail(d.parcel.id)).state.phase).toBe("listing");
    await s.at(S.end);
    await s.tick();
    const done = await s.c.trading.parcels.detail(d.parcel.id);
    expect(done.state.phase).toBe("withdrawn");
    expect(done.notices.at(-1)).toMatchObject({ kind: "result" });
    expect(done.notices.at(-1)!.body).toContain("流拍");
    // Every job ran once; a second tick finds nothing to do.
    expect(await s.tick()).toBe(0);
    expect((await s.c.scheduler.list({ keyPrefix: d.parcel.id, state: "open" })).length).toBe(0);
    await s.at("2026-03-02T01:00:00.000Z");
  });

  it("suspends, resumes with the end moved by the pause, and terminates, each with a notice", async () => {
    const d = await create();
    await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/announce`, {});
    await s.at(new Date(S.start.getTime() + HOUR));
    const sus = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/suspend`, { reason: "数据库服务器故障" });
    expect((sus.body as unknown as Detail).view.phase).toBe("suspended");
    await s.at(new Date(S.start.getTime() + 3 * HOUR));
    const res = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/resume`, {});
    const r = res.body as unknown as Detail;
    expect(r.view.phase).toBe("listing");
    expect(r.parcel.listingEnd).toBe(new Date(S.end.getTime() + 2 * HOUR).toISOString());
    const again = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/resume`, {});
    expect(again.body.code).toBe("TRADE_PHASE_INVALID");
    const term = await call(s.app, s.admin, "POST", `/api/trading/parcels/${d.parcel.id}/terminate`, { reason: "司法查封" });
    const t = term.body as unknown as Detail;
    expect(t.parcel.phase).toBe("terminated");
    expect(t.notices.map((n) => n.kind)).toEqual(["announcement", "suspension", "resumption", "termination"]);
    await s.at("2026-03-02T01:00:00.000Z");
  });
});
