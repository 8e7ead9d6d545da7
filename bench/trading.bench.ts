/**
 * Trading: bids accepted per second end to end and bid-to-screen latency.
 *
 * Set-up: 50 parcels in their listing, 500 bidders (10 per parcel, qualified,
 * deposits confirmed), W live-board watchers connected over real WebSockets
 * (TCP, same process) spread over the parcels. Each bidder loop bids the
 * highest it knows + 1..3 increments; collisions are refused by the engine
 * as they would be in production.
 *
 * Figures (one JSON line each):
 * - trading.engine_apply: pure engine listing bids/s (the raw limit of the rules)
 * - trading.raw_verify: CMS SignedData verifications/s of a bid (P-256), one
 *   thread — the raw limit the signed-bid rate is compared with
 * - trading.bids_accepted_signed: SIGNED bids/s accepted end to end through
 *   the bid service: canonical document check, CMS verify, certificate path
 *   validation with revocation (security service cache → path validator),
 *   holder check, engine dry run, RFC 3161 timestamp from our TSA, then under
 *   the row lock: engine, event log, bid log (hash chain), system-signed
 *   receipt, board message, audit entry, commit, broadcast; p50/p99
 *   submit→receipt latency. Each bidder's certificate is a real one from our
 *   CA; the bidders sign in the same process (their cost is in the figure).
 * - trading.bid_to_screen: p50/p99 from submit to the board message arriving
 *   at every watcher, for 2,000 and for 10,000 watchers
 */
import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { FakeClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer, type Container } from "../src/app/container.js";
import { buildApp, type LandtradeApp } from "../src/http/build-app.js";
import { newId } from "../src/shared/ids.js";
import { fen, type Fen } from "../src/shared/money.js";
import { openDatabase, type DbHandle } from "../src/storage/db.js";
import { beijingTime, WorkingCalendar } from "../src/trading/calendar/working-calendar.js";
import { apply, newSale } from "../src/trading/engine/engine.js";
import type { SaleState } from "../src/trading/engine/types.js";
import type { Application } from "../src/trading/trading.ports.js";
import { caIdOf } from "../src/pki/ca/naming.js";
import { buildCsr } from "../src/pki/asn1/csr-builder.js";
import { nodeGm } from "../src/pki/algs/gm-node.js";
import { generateSoftKey, type SoftKey } from "../src/ra/km/key-pair.js";
import { canonicalBid } from "../src/trading/bidder/bid-document.js";
import { signCms, verifyCms } from "../sdk/src/cms/signed-data.js";
import { PkiBidSecurity } from "../src/trading/bidder/bid-security.js";
import { nodeHostCrypto } from "../src/signing/node-host-crypto.js";
import { SaleRunner } from "../src/trading/sale/sale-runner.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { report } from "./report.js";

const PARCELS = 50;
const BIDDERS_PER_PARCEL = 10;
const INC = fen(500_000n);
const START = fen(1_000_000_000n);
const T0 = beijingTime("2026-03-02", "09:00");
const START_AT = beijingTime("2026-03-23", "09:00");
const END_AT = beijingTime("2026-04-03", "15:00");

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function engineRate(seconds: number): number {
  const cal = new WorkingCalendar();
  let state: SaleState = newSale({ startPrice: START, increment: INC, deposit: fen(1) }, { listingStart: START_AT, listingEnd: END_AT, depositCutoff: END_AT });
  const at = (ms: number) => new Date(START_AT.getTime() + ms);
  const must = (o: ReturnType<typeof apply>) => {
    if (!o.ok) throw new Error(o.code);
    return o.state;
  };
  state = must(apply(state, { type: "publishAnnouncement", listingStart: START_AT, listingEnd: END_AT, depositCutoff: END_AT }, T0, { calendar: cal }));
  for (const b of ["A", "B"]) {
    state = must(apply(state, { type: "depositConfirmed", bidderNo: b, arrivedAt: T0 }, T0, { calendar: cal }));
    state = must(apply(state, { type: "qualify", bidderNo: b, approved: true }, T0, { calendar: cal }));
  }
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 1000; i++, n++) {
      const amount = (state.highest ? state.highest.amount + INC : START) as Fen;
      state = must(apply(state, { type: "listingBid", bidId: `b${n}`, bidderNo: n % 2 ? "A" : "B", amount }, at(n), { calendar: cal }));
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Where a signed bid's time goes: wall time inside each stage, summed over all bids (stages of
 * concurrent bids overlap, so the sums can exceed the run). Wraps the stages' methods for the bench only.
 */
const stages = new Map<string, { ms: number; n: number }>();
function timeStage<T extends object>(proto: T, method: keyof T & string, label: string): void {
  const orig = proto[method] as unknown as (...a: unknown[]) => Promise<unknown>;
  (proto as Record<string, unknown>)[method] = async function (this: unknown, ...a: unknown[]) {
    const t = performance.now();
    try {
      return await orig.apply(this, a);
    } finally {
      const s = stages.get(label) ?? { ms: 0, n: 0 };
      s.ms += performance.now() - t;
      s.n++;
      stages.set(label, s);
    }
  };
}
timeStage(PkiBidSecurity.prototype, "verify", "verify_and_validate");
timeStage(PkiBidSecurity.prototype, "belongsTo", "holder_check");
timeStage(PkiBidSecurity.prototype, "timestamp", "tsa_timestamp");
timeStage(SaleRunner.prototype, "run", "locked_transaction");

interface Setup {
  c: Container;
  app: LandtradeApp;
  port: number;
  parcels: { id: string; bidders: string[]; keys: Map<string, { key: SoftKey; cert: Uint8Array; applicantId: string }> }[];
}

async function setUp(dbh: DbHandle, clock: FakeClock, dataDir: string): Promise<Setup> {
  const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { port: 0, logLevel: "silent", dataDir } });
  const c = await createContainer(config, { dbh, clock, log: pino({ level: "silent" }) });
  clock.set(T0);
  if (!(await c.store.read.pki.ca(caIdOf("ecdsa-p256", "sub")))) await c.pki.ca.init("ecdsa-p256", "system:bench");
  const parcels: Setup["parcels"] = [];
  for (let p = 0; p < PARCELS; p++) {
    clock.set(T0);
    const d = await c.trading.parcels.create(
      {
        parcelNo: `BENCH-${p}`,
        name: `基准测试地块 ${p}`,
        location: "长沙县",
        district: "星沙街道",
        areaM2: "10000.00",
        landUse: "城镇住宅用地",
        termYears: 70,
        plotRatio: "2.0",
        planning: {},
        startPrice: START,
        increment: INC,
        deposit: fen(100_000_000n),
        qualificationMode: "before",
        listingStart: START_AT,
        listingEnd: END_AT,
        depositCutoff: END_AT,
      },
      "system:bench",
    );
    await c.trading.parcels.publishAnnouncement(d.parcel.id, "system:bench");
    const bidders: string[] = [];
    const keys: Setup["parcels"][number]["keys"] = new Map();
    // Real certificates from our CA for this parcel's bidders (one batch), held by their applicant ids.
    const soft = Array.from({ length: BIDDERS_PER_PARCEL }, () => generateSoftKey("ecdsa-p256"));
    const issued = await c.pki.ca.issueMany(
      await Promise.all(
        soft.map(async (k, b) => ({ suite: "ecdsa-p256" as const, csr: await buildCsr([["CN", "bench"]], k), profile: "individual-sign", via: "ra" as const, subject: [["CN", `竞买人 ${p}-${b}`]] as [["CN", string]], holder: `bench-${p}-${b}`, actor: "system:bench" })),
      ),
    );
    for (let b = 0; b < BIDDERS_PER_PARCEL; b++) {
      const no = String(1000 + b);
      const a: Application = {
        id: newId(),
        parcelId: d.parcel.id,
        applicantId: `bench-${p}-${b}`,
        kind: "sole",
        displayName: `竞买人 ${p}-${b}`,
        members: [],
        payerAccounts: [`6222${p}${b}`],
        bidderNo: no,
        depositAccount: `BENCH${p}-${b}`,
        status: "submitted",
        rejectionReason: null,
        decidedBy: null,
        decidedAt: null,
        depositStatus: "awaiting",
        depositReceived: fen(0),
        depositArrivedAt: null,
        createdAt: T0,
        updatedAt: T0,
      };
      await c.store.tx((r) => r.trading.applications.insert(a));
      await c.trading.applications.decide(a.id, { approved: true }, "system:bench");
      await c.trading.deposits.receive({ bankRef: `BENCH-${p}-${b}`, subAccount: a.depositAccount, payerAccount: a.payerAccounts[0]!, payerName: a.displayName, amount: fen(100_000_000n), arrivedAt: T0 }, "callback", {}, "bank:bench");
      bidders.push(no);
      keys.set(no, { key: soft[b]!, cert: issued[b]!.certDer, applicantId: a.applicantId });
    }
    parcels.push({ id: d.parcel.id, bidders, keys });
  }
  clock.set(START_AT);
  const app = await buildApp(c);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { c, app, port: (app.server.address() as AddressInfo).port, parcels };
}

/** Opens `n` watchers in a child process (its own file descriptors and event loop); resolves once all have their snapshot. */
async function watchers(s: Setup, n: number): Promise<{ collect(): Promise<Map<string, number[]>> }> {
  const child = fork(fileURLToPath(new URL("./watchers-child.mjs", import.meta.url)), [String(s.port), s.parcels.map((p) => p.id).join(","), String(n)], { stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`watchers exited with ${code}`)));
    child.on("message", (m: { type: string }) => m.type === "ready" && resolve());
  });
  child.removeAllListeners("exit");
  return {
    collect: () =>
      new Promise((resolve) => {
        child.on("message", (m: { type: string; arrivals?: [string, number[]][] }) => m.type === "arrivals" && resolve(new Map(m.arrivals)));
        child.send({ type: "report" });
      }),
  };
}

/**
 * One loop per bidder (`loops` of them, spread over the parcels); each bids the highest it knows
 * (from the board bus, as a bidder's screen would) + 1..3 increments, as fast as it can
 * (or with `pace` ms between bids). Collisions are refused by the engine, as in production.
 */
async function bidLoad(s: Setup, seconds: number, loops: number, sentAt: Map<string, number>, pace?: number) {
  const highest = new Map<string, { amount: Fen; bidderNo: string }>();
  const unsub = s.parcels.map((p) =>
    s.c.trading.bus.subscribe(p.id, (m) => {
      if (m.view.highest) highest.set(p.id, { amount: BigInt(m.view.highest.amountFen) as Fen, bidderNo: m.view.highest.bidderNo });
    }),
  );
  // Start from what the board shows now (a bidder's screen after the snapshot).
  for (const p of s.parcels) {
    const h = (await s.c.store.read.trading.parcels.sale(p.id))?.state.highest;
    if (h) highest.set(p.id, { amount: h.amount, bidderNo: h.bidderNo });
  }
  const ack: number[] = [];
  const refusals = new Map<string, number>();
  let accepted = 0;
  let refused = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      const p = s.parcels[loop % s.parcels.length]!;
      const base = Math.floor(loop / s.parcels.length);
      const solo = loops <= s.parcels.length;
      let rot = 0;
      let n = loop;
      while (performance.now() < deadline) {
        const bidderNo = p.bidders[(base + rot) % p.bidders.length]!;
        const h = highest.get(p.id);
        if (h?.bidderNo === bidderNo && solo) {
          rot++; // one loop per parcel: the next bidder of the parcel answers
          continue;
        }
        if (h?.bidderNo === bidderNo) {
          // Holding the highest bid: wait for someone else (a bidder cannot outbid himself).
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        const k = BigInt(1 + (n++ % 3));
        // The first bid may be the start price or above it (k − 1 increments), as later ones are the highest + k increments.
        const amount = (h === undefined ? START + INC * (k - 1n) : h.amount + INC * k) as Fen;
        const who = p.keys.get(bidderNo)!;
        const clientBidId = newId().replace(/-/g, "");
        const t = performance.now();
        const document = canonicalBid({ parcelId: p.id, bidderNo, amountFen: String(amount), clientBidId, round: "listing" });
        const signature = await signCms(who.key, new TextEncoder().encode(document), { certificate: who.cert, signingTime: START_AT, gm: nodeGm });
        try {
          const a = await s.c.trading.bids.place({ applicantId: who.applicantId, displayName: "", certSerial: "" }, p.id, { document, signature, clientBidId, amountFen: String(amount) });
          sentAt.set(a.bidId, performance.timeOrigin + t);
          ack.push(performance.now() - t);
          accepted++;
        } catch (e) {
          refused++;
          const code = (e as { code?: string }).code ?? String(e);
          refusals.set(code, (refusals.get(code) ?? 0) + 1);
        }
        if (pace) await new Promise((r) => setTimeout(r, pace));
      }
    }),
  );
  for (const u of unsub) u();
  return { accepted, refused, ack, refusals };
}

async function rawVerifyRate(s: Setup, seconds: number): Promise<number> {
  const p = s.parcels[0]!;
  const who = p.keys.get(p.bidders[0]!)!;
  const doc = new TextEncoder().encode(canonicalBid({ parcelId: p.id, bidderNo: p.bidders[0]!, amountFen: String(START), clientBidId: "rawverify0001", round: "listing" }));
  const cms = await signCms(who.key, doc, { certificate: who.cert, signingTime: START_AT, gm: nodeGm });
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 100; i++, n++) await verifyCms(cms, { gm: nodeGm, host: nodeHostCrypto });
  }
  return n / ((performance.now() - t0) / 1000);
}

async function settle(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

function screenLatencies(arrivals: Map<string, number[]>, sentAt: Map<string, number>): number[] {
  const out: number[] = [];
  for (const [id, times] of arrivals) {
    const t = sentAt.get(id);
    if (t === undefined) continue;
    for (const x of times) out.push(x - t);
  }
  return out;
}

async function benchOn(label: string, dbh: DbHandle, seconds: number, dataDir: string): Promise<void> {
  const clock = new FakeClock(T0);
  const s = await setUp(dbh, clock, dataDir);
  // Warm-up, outside the timing: the receipt key (issued on first use), the TSA unit, and each bidder
  // certificate's validation in the security service's cache (re-used for every bid within its freshness window).
  for (const p of s.parcels) for (const k of p.keys.values()) await s.c.security.validation.validate(k.cert, { mode: "hard" });
  await s.c.trading.bids.warmUp();
  const rawVerify = await rawVerifyRate(s, Math.min(2, seconds));
  report({ name: `trading.${label}.raw_verify`, value: rawVerify, unit: "verifies/s", note: "CMS SignedData of a bid, P-256, one thread (signature only; no path validation)" });
  try {
    for (const [w, conc, pace] of [
      [2000, PARCELS * BIDDERS_PER_PARCEL, 0],
      [10000, PARCELS, 200],
    ] as const) {
      const sentAt = new Map<string, number>();
      const screens = await watchers(s, w);
      stages.clear();
      const t0 = performance.now();
      const r = await bidLoad(s, seconds, conc, sentAt, pace || undefined);
      const secs = (performance.now() - t0) / 1000;
      await settle(1000);
      const lat = screenLatencies(await screens.collect(), sentAt);
      const expected = r.accepted * (w / PARCELS);
      const tag = `${label}.w${w}`;
      const refusedBy = [...r.refusals].map(([k, v]) => `${k}×${v}`).join(", ");
      if (w === 2000) {
        report({ name: `trading.${tag}.bids_accepted_signed`, value: r.accepted / secs, unit: "bids/s", baseline: rawVerify, note: `baseline = raw CMS verify/s; ${r.refused} refused (${refusedBy}); ${conc} bidders over ${PARCELS} parcels` });
        report({ name: `trading.${tag}.ack_p50`, value: pct(r.ack, 50), unit: "ms", note: "sign + submit → receipt" });
        report({ name: `trading.${tag}.ack_p99`, value: pct(r.ack, 99), unit: "ms" });
        report({ name: `trading.${tag}.bids_processed`, value: (r.accepted + r.refused) / secs, unit: "bids/s", note: "accepted + refused (a refused bid was outbid while in flight: it is verified and answered too)" });
        for (const [stage, v] of stages) report({ name: `trading.${tag}.stage.${stage}`, value: v.ms / v.n, unit: "ms/call", note: `${v.n} calls; wall time including waits for the database (one connection on PGlite, a pool of 20 on PostgreSQL) and locks` });
      } else {
        report({ name: `trading.${tag}.bids_accepted_signed`, value: r.accepted / secs, unit: "bids/s", note: `paced load: ${conc} bidders, 200 ms between bids; refused: ${refusedBy || "none"}` });
      }
      report({ name: `trading.${tag}.bid_to_screen_p50`, value: pct(lat, 50), unit: "ms", note: `${lat.length} deliveries of ${Math.round(expected)} expected` });
      report({ name: `trading.${tag}.bid_to_screen_p99`, value: pct(lat, 99), unit: "ms" });
      await settle(500);
    }
  } finally {
    await s.app.close();
    await s.c.close();
  }
}

export async function tradingBench(opts: { seconds: number }): Promise<void> {
  const engine = engineRate(Math.min(2, opts.seconds));
  report({ name: "trading.engine_apply", value: engine, unit: "bids/s", note: "pure engine, one parcel, one thread" });
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bench-trading-"));
  const pgl = await openDatabase({ pgliteDir: "memory" });
  const { migrateToLatest } = await import("../src/storage/migrate.js");
  await migrateToLatest(pgl.db);
  try {
    await benchOn("pglite", pgl, opts.seconds, dataDir);
  } finally {
    await pgl.close();
  }
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.DATABASE_URL);
    const pg = await openDatabase({ databaseUrl: scratch.url, poolSize: 20 });
    await migrateToLatest(pg.db);
    try {
      await benchOn("postgres", pg, opts.seconds, dataDir);
    } finally {
      await pg.close();
      await scratch.drop();
    }
  }
}
