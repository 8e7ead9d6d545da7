/**
 * One sale end to end through the services and the HTTP API: qualification,
 * deposits by signed bank callback and statement, the sealed reserve with
 * the supervisor's blind confirmation, listing and timed bidding (bids are
 * applied through the sale runner here, as the signed-bid service will),
 * the live board over WebSocket with catch-up, the result, earnest money and
 * refunds — and that nobody could tie an identity to a bidder number before
 * the end.
 */
import type { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../src/app/clock.js";
import { fen } from "../../src/shared/money.js";
import type { SaleEvent } from "../../src/trading/engine/types.js";
import type { Application } from "../../src/trading/trading.ports.js";
import { addApplication, bankNotice, call, parcelBody, S, startTradingSystem, wanFen, type TradingSystem } from "../helpers/trading.js";

let s: TradingSystem;
let parcelId: string;
let parcelNo: string;
let A1: Application, A2: Application, A3: Application;
const W = (n: number) => fen(BigInt(wanFen(n)));

beforeAll(async () => {
  s = await startTradingSystem();
  const created = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody());
  parcelId = (created.body.parcel as { id: string }).id;
  parcelNo = (created.body.parcel as { parcelNo: string }).parcelNo;
  await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/announce`, {});
  A1 = await addApplication(s, parcelId, { status: "submitted" });
  A2 = await addApplication(s, parcelId, { status: "submitted" });
  A3 = await addApplication(s, parcelId, { status: "submitted" });
});
afterAll(() => s.close());

const apply = (event: SaleEvent, actor = "bidder:test") => s.c.trading.runner.run((r, o) => s.c.trading.runner.apply(r, o, parcelId, event, actor));
const notice = (o: Record<string, unknown>) =>
  bankNotice(s.app, s.clock.now(), { bankRef: `R${Math.random()}`, payerName: "付款单位", arrivedAt: s.clock.now().toISOString(), ...o });
const paymentCount = async () => (await s.c.store.read.trading.payments.list({ limit: 500 })).length;

describe("qualification", () => {
  it("approves, and rejects only with a reason; staff never see bidder numbers before the end", async () => {
    expect((await call(s.app, s.admin, "POST", `/api/trading/applications/${A1.id}/decision`, { approved: true })).status).toBe(200);
    expect((await call(s.app, s.admin, "POST", `/api/trading/applications/${A2.id}/decision`, { approved: true })).status).toBe(200);
    const noReason = await call(s.app, s.admin, "POST", `/api/trading/applications/${A3.id}/decision`, { approved: false });
    expect(noReason.body.code).toBe("TRADE_REJECTION_REASON_REQUIRED");
    const rej = await call(s.app, s.admin, "POST", `/api/trading/applications/${A3.id}/decision`, { approved: false, reason: "营业执照已过期" });
    expect(rej.body).toMatchObject({ status: "rejected", rejectionReason: "营业执照已过期", bidderNo: null });
    expect((await call(s.app, s.admin, "POST", `/api/trading/applications/${A1.id}/decision`, { approved: false, reason: "x" })).body.code).toBe("TRADE_APPLICATION_DECIDED");

    const list = await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}/applications`);
    expect(list.body.identitiesOpen).toBe(false);
    expect((list.body.items as { bidderNo: string | null }[]).every((a) => a.bidderNo === null)).toBe(true);
    const events = await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}/events`);
    const qualifies = (events.body.items as { event: { type: string; bidderNo?: string } }[]).filter((e) => e.event.type === "qualify");
    expect(qualifies.map((e) => e.event.bidderNo)).toEqual(["※", "※", "※"]);
    const audit = JSON.stringify(await s.c.store.read.audit.list({ limit: 500 }));
    for (const a of [A1, A2, A3]) expect(audit).not.toContain(`"bidderNo":"${a.bidderNo}"`);
  });
});

describe("deposits", () => {
  it("refuses an unsigned or stale notice before storing anything", async () => {
    const before = await paymentCount();
    const forged = await bankNotice(s.app, s.clock.now(), { bankRef: "F1", subAccount: A1.depositAccount, payerAccount: A1.payerAccounts[0], payerName: "x", amountFen: wanFen(5600), arrivedAt: s.clock.now().toISOString() }, "not-the-bank-secret-0000000000000000");
    expect(forged).toMatchObject({ status: 401, body: { code: "TRADE_BANK_SIGNATURE_INVALID" } });
    const stale = await bankNotice(s.app, new Date(s.clock.now().getTime() - 6 * MINUTE), { bankRef: "F2", subAccount: A1.depositAccount, payerAccount: A1.payerAccounts[0], payerName: "x", amountFen: wanFen(5600), arrivedAt: s.clock.now().toISOString() });
    expect(stale.body.code).toBe("TRADE_BANK_NOTICE_STALE");
    const garbage = await s.app.inject({ method: "POST", url: "/api/bank/deposit-notices", payload: "{}", headers: { "content-type": "application/json" } });
    expect(garbage.statusCode).toBe(401);
    expect(await paymentCount()).toBe(before);
  });

  it("matches a full deposit, gives the bidding right, and records a replay once", async () => {
    const body = { bankRef: "CCB-0001", subAccount: A1.depositAccount, payerAccount: A1.payerAccounts[0], payerName: A1.displayName, amount: "56,000,000.00", arrivedAt: s.clock.now().toISOString() };
    const r = await bankNotice(s.app, s.clock.now(), body);
    expect(r.body).toMatchObject({ outcome: "matched", review: "none", duplicate: false });
    const again = await bankNotice(s.app, s.clock.now(), body);
    expect(again.body).toMatchObject({ paymentId: r.body.paymentId, duplicate: true });
    expect((await s.c.store.read.trading.applications.byId(A1.id))).toMatchObject({ depositStatus: "confirmed", depositReceived: W(5600) });
    const sale = await s.c.store.read.trading.parcels.sale(parcelId);
    expect(sale!.state.bidders[A1.bidderNo]!.depositArrivedAt).toEqual(s.clock.now());
  });

  it("flags partial, third-party and unknown payments; a statement (GBK or UTF-8) completes a partial deposit", async () => {
    const partial = await notice({ subAccount: A2.depositAccount, payerAccount: A2.payerAccounts[0], amountFen: wanFen(5000) });
    expect(partial.body).toMatchObject({ outcome: "partial", review: "open" });
    const third = await notice({ subAccount: A2.depositAccount, payerAccount: "6228480000000001", amountFen: wanFen(600) });
    expect(third.body).toMatchObject({ outcome: "payerMismatch", review: "open" });
    const unknown = await notice({ subAccount: "4305019999999999", payerAccount: "6228480000000002", amountFen: wanFen(100) });
    expect(unknown.body).toMatchObject({ outcome: "unknownAccount", review: "open" });
    const rejected = await notice({ subAccount: A3.depositAccount, payerAccount: A3.payerAccounts[0], amountFen: wanFen(5600) });
    expect(rejected.body).toMatchObject({ outcome: "closed", review: "open" });

    const csv = `交易流水号,收款子账号,付款账号,付款户名,金额(元),到账时间\nST-0001,${A2.depositAccount},${A2.payerAccounts[0]},${A2.displayName},6000000.00,2026-03-02 08:30:00\nCCB-0001,${A1.depositAccount},${A1.payerAccounts[0]},${A1.displayName},56000000.00,2026-03-02 09:00:00\n`;
    const imp = await call(s.app, s.admin, "POST", "/api/trading/statements", { fileName: "对账单.csv", contentBase64: Buffer.from(csv).toString("base64") });
    expect(imp.body).toEqual({ encoding: "utf-8", lines: 2, recorded: 1, duplicates: 1, flagged: 0 });
    expect(await s.c.store.read.trading.applications.byId(A2.id)).toMatchObject({ depositStatus: "confirmed", depositReceived: W(5600) });

    const bad = await call(s.app, s.admin, "POST", "/api/trading/statements", { contentBase64: Buffer.from(`${csv}X,1,2,3,abc,2026-03-02 10:00:00\n`).toString("base64") });
    expect(bad.body).toMatchObject({ code: "TRADE_STATEMENT_INVALID", errors: [{ line: 4 }] });

    const refunds = await call(s.app, s.supervisor, "GET", "/api/trading/refunds?status=due");
    const reasons = (refunds.body.items as { reason: string; amountFen: string; dueDate: string }[]).map((f) => [f.reason, f.amountFen, f.dueDate]);
    // Due 5 working days after Monday 2026-03-02: Monday 2026-03-09.
    expect(reasons).toEqual(expect.arrayContaining([["payerMismatch", wanFen(600), "2026-03-09"], ["unknownAccount", wanFen(100), "2026-03-09"], ["closed", wanFen(5600), "2026-03-09"]]));

    const queue = await call(s.app, s.admin, "GET", "/api/trading/payments?review=open");
    const flagged = queue.body.items as { id: string; outcome: string }[];
    expect(flagged.map((p) => p.outcome).sort()).toEqual(["closed", "partial", "payerMismatch", "unknownAccount"]);
    const resolved = await call(s.app, s.admin, "POST", `/api/trading/payments/${flagged[0]!.id}/resolve`, { note: "已电话核实，退回原账户" });
    expect(resolved.body).toMatchObject({ review: "resolved", reviewedBy: "staff:t-admin" });
    expect((await call(s.app, s.admin, "POST", `/api/trading/payments/${flagged[0]!.id}/resolve`, { note: "again" })).body.code).toBe("TRADE_PAYMENT_NOT_IN_REVIEW");
  });
});

describe("listing, reserve, timed bidding, result", () => {
  let ws: WebSocket;
  const received: { type: string; message?: { seq: number; kind: string; bid: { amountFen: string } | null; view: { phase: string } }; snapshot?: { lastSeq: number }; serverTime?: string; t?: number }[] = [];

  it("streams the board over WebSocket from a snapshot", async () => {
    // Listen from the start (onInit): the snapshot is sent as soon as the socket opens.
    ws = await s.app.injectWS(`/api/trading/parcels/${parcelId}/live`, {}, { onInit: (w) => w.on("message", (d) => received.push(JSON.parse(String(d)) as (typeof received)[number])) });
    await until(() => received.length >= 1);
    expect(received[0]!.type).toBe("snapshot");
  });

  it("takes listing bids by the rules (first ≥ start, then + k × increment)", async () => {
    await s.at(S.start);
    await s.tick();
    await apply({ type: "listingBid", bidId: "b1", bidderNo: A1.bidderNo, amount: W(28000) });
    await expect(apply({ type: "listingBid", bidId: "b2", bidderNo: A2.bidderNo, amount: W(28075) })).rejects.toMatchObject({ code: "TRADE_BID_BAD_INCREMENT" });
    await expect(apply({ type: "listingBid", bidId: "b3", bidderNo: A3.bidderNo, amount: W(28050) })).rejects.toMatchObject({ code: "TRADE_NO_BIDDING_RIGHT" });
    await apply({ type: "listingBid", bidId: "b4", bidderNo: A2.bidderNo, amount: W(28100) });
    await until(() => received.filter((m) => m.message?.kind === "bid").length === 2);
    const seqs = received.filter((m) => m.type === "board").map((m) => m.message!.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const board = await call(s.app, null, "GET", `/api/public/parcels/${parcelId}/board`);
    expect((board.body.bids as { amountFen: string; bidderNo: string }[]).map((b) => b.amountFen)).toEqual([wanFen(28000), wanFen(28100)]);
    expect(JSON.stringify(board.body)).not.toContain(A1.displayName);
  });

  it("answers pings with server time and catches up a reconnecting client from its last number", async () => {
    ws.send(JSON.stringify({ type: "ping", t: 12345 }));
    await until(() => received.some((m) => m.type === "pong"));
    expect(received.find((m) => m.type === "pong")).toMatchObject({ t: 12345, serverTime: s.clock.now().toISOString() });
    const firstBid = received.find((m) => m.message?.kind === "bid")!.message!.seq;
    const late: (typeof received)[number][] = [];
    const ws2 = await s.app.injectWS(`/api/trading/parcels/${parcelId}/live?since=${firstBid}`, {}, { onInit: (w) => w.on("message", (d) => late.push(JSON.parse(String(d)) as (typeof received)[number])) });
    await until(() => late.some((m) => m.type === "time"));
    expect(late.filter((m) => m.type === "board").map((m) => m.message!.bid?.amountFen)).toEqual([wanFen(28100)]);
    ws2.terminate();
  });

  it("takes the reserve sealed, late in the listing, with the supervisor's blind confirmation", async () => {
    const early = await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/reserve`, { reserveFen: wanFen(28300) });
    expect(early.body.code).toBe("TRADE_RESERVE_WINDOW_CLOSED");
    await s.at(new Date(S.end.getTime() - 24 * HOUR));
    const below = await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/reserve`, { reserveFen: wanFen(27000) });
    expect(below.body.code).toBe("TRADE_RESERVE_BELOW_START");
    expect((await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/reserve`, { reserveFen: wanFen(28300) })).body).toMatchObject({ entered: true, confirmed: false, revealedFen: null });
    const mismatch = await call(s.app, s.supervisor, "POST", `/api/trading/parcels/${parcelId}/reserve/confirm`, { reserveFen: wanFen(28250) });
    expect(mismatch.body.code).toBe("TRADE_RESERVE_MISMATCH");
    expect((await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}/reserve`)).body).toMatchObject({ entered: false });
    await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/reserve`, { reserveFen: wanFen(28300) });
    const ok = await call(s.app, s.supervisor, "POST", `/api/trading/parcels/${parcelId}/reserve/confirm`, { reserveFen: wanFen(28300) });
    expect(ok.body).toMatchObject({ entered: true, confirmed: true, confirmedBy: "staff:t-super", revealedFen: null });
    expect((await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/reserve`, { reserveFen: wanFen(1) })).body.code).toBe("TRADE_RESERVE_EXISTS");

    // Nowhere in clear: not in the row, not in the audit log, not in any response.
    const sealed = await s.c.store.read.trading.reserve.get(parcelId);
    expect(Buffer.from(sealed!.ciphertext).toString("utf8")).not.toContain(wanFen(28300));
    const audit = JSON.stringify(await s.c.store.read.audit.list({ subject: `parcel:${parcelNo}`, limit: 200 }));
    expect(audit).not.toContain(wanFen(28300));
    expect(JSON.stringify((await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}`)).body)).not.toContain(wanFen(28300));
  });

  it("runs the intent window and timed bidding, then reveals the reserve and sells", async () => {
    await s.at(S.end);
    await s.tick();
    expect((await s.c.trading.parcels.detail(parcelId)).state.phase).toBe("intent");
    await apply({ type: "continueIntent", bidderNo: A1.bidderNo, continue: true });
    await apply({ type: "continueIntent", bidderNo: A2.bidderNo, continue: true });
    expect((await s.c.trading.parcels.detail(parcelId)).state.phase).toBe("timed");
    s.clock.advance(3 * MINUTE);
    await apply({ type: "timedBid", bidId: "t1", bidderNo: A1.bidderNo, amount: W(28300) });
    s.clock.advance(4 * MINUTE - 1);
    // The intent window's and the first countdown's jobs have come: both stale (the bid restarted the countdown).
    expect(await s.tick()).toBe(2);
    expect((await s.c.trading.parcels.detail(parcelId)).state.phase).toBe("timed");
    s.clock.advance(1);
    expect(await s.tick()).toBe(1);

    const d = await s.c.trading.parcels.detail(parcelId);
    expect(d.state.result).toMatchObject({ outcome: "sold", reason: "highestReachedReserve", reserve: W(28300), winner: { bidderNo: A1.bidderNo, amount: W(28300), round: "timed" } });
    expect(d.notices.at(-1)!.body).toContain("成交价：28300 万元");
    const reserve = await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}/reserve`);
    expect(reserve.body).toMatchObject({ revealedFen: wanFen(28300) });
    await until(() => received.some((m) => m.message?.kind === "result"));

    // Earnest money for the winner, a refund for the other bidder due in 5 working days.
    expect(await s.c.store.read.trading.applications.byId(A1.id)).toMatchObject({ depositStatus: "earnest" });
    expect(await s.c.store.read.trading.applications.byId(A2.id)).toMatchObject({ depositStatus: "refunding" });
    const refunds = (await call(s.app, s.admin, "GET", `/api/trading/refunds?parcelId=${parcelId}&status=due`)).body.items as { id: string; reason: string; amountFen: string; dueDate: string; applicationId: string | null }[];
    const r2 = refunds.find((f) => f.applicationId === A2.id)!;
    expect(r2).toMatchObject({ reason: "nonWinner", amountFen: wanFen(5600), dueDate: "2026-04-10" });
    expect((await call(s.app, s.admin, "POST", `/api/trading/refunds/${r2.id}/confirmed`, {})).body.code).toBe("TRADE_REFUND_STATE");
    expect((await call(s.app, s.admin, "POST", `/api/trading/refunds/${r2.id}/sent`, { bankRef: "TK-88" })).body).toMatchObject({ status: "sent", bankRef: "TK-88" });
    expect((await call(s.app, s.admin, "POST", `/api/trading/refunds/${r2.id}/confirmed`, {})).body).toMatchObject({ status: "confirmed" });
    expect(await s.c.store.read.trading.applications.byId(A2.id)).toMatchObject({ depositStatus: "refunded" });

    // Now identities may be tied to numbers.
    const list = await call(s.app, s.supervisor, "GET", `/api/trading/parcels/${parcelId}/applications`);
    expect(list.body.identitiesOpen).toBe(true);
    expect((list.body.items as { id: string; bidderNo: string }[]).find((a) => a.id === A1.id)!.bidderNo).toBe(A1.bidderNo);
    ws.terminate();
  });

  it("keeps the audit chain intact", async () => {
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
  });
});

async function until(f: () => boolean, ms = 5000): Promise<void> {
  const t0 = performance.now();
  while (!f()) {
    if (performance.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

