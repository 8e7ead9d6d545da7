/**
 * Crash durability under a bid storm (issue 8 item 5): a real `landtrade
 * serve` process takes a storm of signed bids from several bidders over HTTP
 * and is SIGKILLed in the middle of it; restarted on the same data directory
 * (PGlite file-backed, or the same PostgreSQL database), it must show
 *  - every bid that got a receipt, with the receipt's bid-log position and
 *    hash, its amount and client bid id;
 *  - nothing that got no answer beyond bids that were in flight at the kill
 *    (committed-but-unanswered is allowed; the client's retry with the same
 *    client bid id then answers the stored receipt);
 *  - a gapless, strictly rising bid log whose hash chain verifies
 *    (verifyBidLog), the sale's price equal to the last logged bid, the event
 *    log agreeing with the bid log, and the audit chain verifying (the
 *    verifier `landtrade audit verify` runs);
 *  - the log continuing after the restart (the next bid chains on the head).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/db.js";
import { createStore } from "../../src/storage/store.js";
import { verifyBidLog } from "../../src/trading/bidder/bid-log.js";
import { pgliteDirOf } from "../../src/app/container.js";
import { loadConfig } from "../../src/app/config.js";
import { SystemClock } from "../../src/app/clock.js";
import { AuditService } from "../../src/ops/audit.service.js";
import { createScratchPostgres, onPostgres } from "../helpers/db.js";
import { startNode, type DrillNode } from "../helpers/failover-drill.js";
import { loginOverHttp, postBidOverHttp, prepareBidSite, roomOverHttp, wallNow, type BidBody, type BidSite, type HttpBidder } from "../helpers/bid-site.js";
import { clientId, signedBid } from "../helpers/signed-bid.js";

const SLOW = 300_000;
const BIDDERS = 3;
const WORKERS_PER_BIDDER = 3;
const KILL_AFTER = 24; // receipts before the SIGKILL
const ENGINE_REFUSALS = ["TRADE_BID_TIED", "TRADE_BID_TOO_LOW", "TRADE_ALREADY_HIGHEST", "TRADE_BID_BAD_INCREMENT"];

interface Receipted {
  bidId: string;
  clientBidId: string;
  amountFen: string;
  seq: number;
  hash: string;
}

interface Unanswered {
  bidder: number;
  body: BidBody;
}

describe("SIGKILL of `landtrade serve` during a signed-bid storm", () => {
  let drop: (() => Promise<void>) | undefined;
  let site: BidSite;
  let node: DrillNode | undefined;
  const t0 = performance.now();

  beforeAll(async () => {
    let dbUrl: string | undefined;
    if (onPostgres) {
      const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
      drop = scratch.drop;
      dbUrl = scratch.url;
    }
    site = await prepareBidSite(dbUrl, BIDDERS);
    console.info(`bid storm site ready in ${Math.round(performance.now() - t0)} ms`);
  }, SLOW);
  afterAll(async () => {
    if (node && node.child.exitCode === null) node.child.kill("SIGKILL");
    site?.close();
    await drop?.();
  });

  it("keeps every receipted bid, loses nothing it answered, and the bid log and audit chain verify after a restart", async () => {
    const lap = (what: string) => console.info(`${what}: ${Math.round(performance.now() - t0)} ms`);
    node = await startNode(site, "first");
    lap("first serve ready");
    const url = node.url;
    const who: HttpBidder[] = [];
    for (const x of site.bidders) who.push(await loginOverHttp(url, x.b));

    // ---- the storm ----------------------------------------------------------------
    const receipts = new Map<string, Receipted>(); // by client bid id
    const unanswered: Unanswered[] = [];
    const refused = new Map<string, number>();
    let highest = site.startFen - site.incFen;
    let killed = false;
    let killAt = 0;
    const tStorm = performance.now();
    const worker = async (i: number, w: number) => {
      const x = site.bidders[i]!;
      for (let n = 0; !killed; n++) {
        const amount = highest < site.startFen ? site.startFen : highest + site.incFen * BigInt(1 + ((n + w) % 3));
        const body = await signedBid(x.b, { parcelId: site.parcelId, bidderNo: x.no, amountFen: String(amount), clientBidId: clientId(), signingTime: wallNow() });
        if (killed) return;
        let r;
        try {
          r = await postBidOverHttp(url, who[i]!, site.parcelId, body);
        } catch {
          unanswered.push({ bidder: i, body }); // no answer: it may or may not have been committed
          return;
        }
        if (r.status === 201) {
          const doc = JSON.parse(r.body.receiptDocument as string) as { clientBidId: string; seq: number; hash: string };
          expect(doc).toMatchObject({ clientBidId: body.clientBidId, seq: r.body.seq, hash: r.body.hash });
          receipts.set(body.clientBidId, { bidId: r.body.bidId as string, clientBidId: body.clientBidId, amountFen: r.body.amountFen as string, seq: r.body.seq as number, hash: r.body.hash as string });
          if (amount > highest) highest = amount;
          if (!killed && receipts.size >= KILL_AFTER) {
            killed = true;
            killAt = performance.now();
            node!.child.kill("SIGKILL"); // no flush, no close, no lock release
          }
        } else {
          expect(ENGINE_REFUSALS, JSON.stringify(r.body)).toContain(r.body.code);
          refused.set(r.body.code!, (refused.get(r.body.code!) ?? 0) + 1);
        }
      }
    };
    await Promise.all(site.bidders.flatMap((_, i) => Array.from({ length: WORKERS_PER_BIDDER }, (_w, w) => worker(i, w))));
    expect(killed).toBe(true);
    await new Promise((r) => (node!.child.exitCode !== null || node!.child.signalCode ? r(null) : node!.child.once("exit", r)));
    console.info(
      `bid storm: ${receipts.size} receipts in ${Math.round(killAt - tStorm)} ms, ${unanswered.length} unanswered at the kill, refused ${JSON.stringify(Object.fromEntries(refused))}`,
    );
    expect(receipts.size).toBeGreaterThanOrEqual(KILL_AFTER);

    // ---- restart on the same data directory / database ------------------------------
    node = await startNode(site, "restarted");
    lap("restarted serve ready");
    const url2 = node.url;
    for (const [i, x] of site.bidders.entries()) who[i] = await loginOverHttp(url2, x.b);
    const rooms = await Promise.all(who.map((w) => roomOverHttp(url2, w, site.parcelId)));
    const log = rooms
      .flatMap((r) => r.mine)
      .map((m) => ({ ...m, clientBidId: (JSON.parse(m.receiptDocument) as { clientBidId: string }).clientBidId }))
      .sort((a, b) => a.seq - b.seq);
    // Every receipted bid is there, where its receipt said, with its hash and amount.
    const byClient = new Map(log.map((m) => [m.clientBidId, m]));
    for (const r of receipts.values()) {
      const m = byClient.get(r.clientBidId);
      expect(m, `receipted bid ${r.clientBidId} (seq ${r.seq})`).toBeDefined();
      expect({ bidId: m!.bidId, seq: m!.seq, hash: m!.hash, amountFen: m!.amountFen }).toEqual({ bidId: r.bidId, seq: r.seq, hash: r.hash, amountFen: r.amountFen });
    }
    // Nothing else but bids that were in flight at the kill; gapless and strictly rising.
    const inFlight = new Set(unanswered.map((u) => u.body.clientBidId));
    const extra = log.filter((m) => !receipts.has(m.clientBidId));
    expect(extra.filter((m) => !inFlight.has(m.clientBidId))).toEqual([]);
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
    for (let i = 1; i < log.length; i++) expect(BigInt(log[i]!.amountFen) > BigInt(log[i - 1]!.amountFen)).toBe(true);
    // The price is the last logged bid: at least the highest receipted one.
    const view = rooms[0]!.view;
    const maxReceipted = [...receipts.values()].reduce((m, r) => (BigInt(r.amountFen) > m ? BigInt(r.amountFen) : m), 0n);
    expect(view.phase).toBe("listing");
    expect(view.bidCount).toBe(log.length);
    expect(view.highest!.amountFen).toBe(log.at(-1)!.amountFen);
    expect(BigInt(view.highest!.amountFen) >= maxReceipted).toBe(true);
    console.info(`after restart: ${log.length} bids in the log (${extra.length} committed without an answer); price ${view.highest!.amountFen} fen, highest receipted ${maxReceipted}`);

    // A client retries its unanswered bid with the same client bid id: the stored receipt if it was committed.
    for (const u of unanswered) {
      const r = await postBidOverHttp(url2, who[u.bidder]!, site.parcelId, u.body);
      const logged = byClient.get(u.body.clientBidId);
      if (logged) expect({ status: r.status, seq: r.body.seq, hash: r.body.hash, repeated: r.body.repeated }).toEqual({ status: 200, seq: logged.seq, hash: logged.hash, repeated: true });
      else if (r.status !== 201) expect(ENGINE_REFUSALS).toContain(r.body.code);
    }
    // The log goes on from its head.
    const after = await roomOverHttp(url2, who[0]!, site.parcelId);
    const next = BigInt(after.view.highest!.amountFen) + site.incFen;
    const i0 = site.bidders.findIndex((x) => x.no !== after.view.highest!.bidderNo); // not the one holding the highest bid
    const x0 = site.bidders[i0]!;
    const fresh = await postBidOverHttp(url2, who[i0]!, site.parcelId, await signedBid(x0.b, { parcelId: site.parcelId, bidderNo: x0.no, amountFen: String(next), signingTime: wallNow() }));
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    expect(fresh.body.seq).toBe(after.view.bidCount + 1);

    lap("checks over HTTP done");
    // ---- stop cleanly, then check the stored chains ----------------------------------
    node.child.kill("SIGTERM");
    await new Promise((r) => (node!.child.exitCode !== null ? r(null) : node!.child.once("exit", r)));
    const config = loadConfig({ env: site.env, cwd: "/nonexistent", overrides: { logLevel: "silent" } });
    const dbh = await openDatabase(onPostgres ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDirOf(config) });
    try {
      const store = createStore(dbh.db);
      // The audit chain, as `landtrade audit verify` walks it (in-process: one process start less).
      const audit = await new AuditService(new SystemClock()).verify(store.read.audit);
      expect(audit.ok, JSON.stringify(audit.firstBreak)).toBe(true);
      expect(audit.entries).toBeGreaterThan(log.length);
      const stored = await store.read.trading.bids.byParcel(site.parcelId);
      const sale = (await store.read.trading.parcels.sale(site.parcelId))!;
      const check = await verifyBidLog(stored, sale.bidHead);
      expect(check, check.problems.join("\n")).toEqual({ ok: true, entries: stored.length, problems: [] });
      expect(stored.map((b) => b.id).slice(0, log.length)).toEqual(log.map((m) => m.bidId));
      const events = (await store.read.trading.parcels.events(site.parcelId)).filter((e) => e.event.type === "listingBid");
      expect(events.map((e) => (e.event as { bidId: string }).bidId)).toEqual(stored.map((b) => b.id));
      expect(sale.state.bidCount).toBe(stored.length);
      expect(String(sale.state.highest!.amount)).toBe(String(stored.at(-1)!.amount));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from trading_bid where parcel_id = ${site.parcelId}`.execute(dbh.db);
      expect(rows[0]!.n).toBe(stored.length);
    } finally {
      await dbh.close();
    }
    console.info(`bid storm crash test: ${Math.round(performance.now() - t0)} ms in all`);
  }, SLOW);
});
