/**
 * A site for process-level bid tests: one installation (data directory with
 * the CA keys, PGlite inside it or a PostgreSQL database) whose parcel is in
 * its listing *now* by the wall clock, with bidders holding real certificates
 * and qualified, deposit-paid applications. The history (announcement ≥ 20
 * days before the listing, applications, deposits, listing open) is played
 * through the real services on a clock set to the past, as the demo seed
 * does; a `landtrade serve` started on the site afterwards runs on the
 * system clock and takes bids at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { FakeClock, SystemClock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer } from "../../src/app/container.js";
import { fen } from "../../src/shared/money.js";
import { addDays, beijingDate, beijingTime, WorkingCalendar } from "../../src/trading/calendar/working-calendar.js";
import type { TestSystem } from "./app.js";
import { createBidder, type TestBidder } from "./bidder.js";
import { signedBid } from "./signed-bid.js";
import { addApplication, wanFen } from "./trading.js";

const DAY = 86_400_000;
export const SITE_PASSPHRASE = "bid-site-key-passphrase";

export interface SiteBidder {
  b: TestBidder;
  no: string;
}

export interface BidSite {
  dataDir: string;
  /** Environment for `landtrade` processes on this site. */
  env: Record<string, string>;
  parcelId: string;
  startFen: bigint;
  incFen: bigint;
  bidders: SiteBidder[];
  close(): void;
}

/** `dbUrl` undefined → embedded PGlite in `<dataDir>/pglite` (file-backed, fsync on). */
export async function prepareBidSite(dbUrl: string | undefined, nBidders: number): Promise<BidSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-bidsite-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    LANDTRADE_DATA_DIR: dataDir,
    LANDTRADE_KEY_PASSPHRASE: SITE_PASSPHRASE,
    LANDTRADE_LOG_LEVEL: "warn",
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  };
  // Setting up without fsync (initdb and the migrations sync thousands of times): a clean close
  // leaves every write in the files; the serve processes under test run with fsync on.
  const config = loadConfig({ env, cwd: "/nonexistent", overrides: { logLevel: "silent", pgliteFsync: false } });
  const now = new SystemClock().now(); // the serve process will run on the wall clock
  const cal = new WorkingCalendar();
  const today = beijingDate(now);
  // The listing opened a few days ago (at most 4, at least 2) and runs ten working days: it ends in the future.
  const startDay = cal.nextWorkingDay(addDays(today, -4));
  const endDay = cal.earliestEndFor(startDay, 10);
  const listingStart = beijingTime(startDay, "09:00");
  const listingEnd = beijingTime(endDay, "15:00");
  const clock = new FakeClock(new Date(listingStart.getTime() - 25 * DAY));
  const c = await createContainer(config, { clock, log: pino({ level: "silent" }) });
  const startFen = BigInt(wanFen(1000));
  const incFen = BigInt(wanFen(1));
  try {
    const bidders: TestBidder[] = [];
    for (let i = 0; i < nBidders; i++) bidders.push(await createBidder({ c }, { name: `压力竞买人${i}` }));
    const p = await c.trading.parcels.create(
      {
        parcelNo: `长县压测-${startDay}`,
        name: "黄兴镇崩溃演练地块",
        location: "长沙县黄兴镇演练路",
        district: "黄兴镇",
        areaM2: "10000.00",
        landUse: "城镇住宅用地",
        termYears: 70,
        plotRatio: "1.0–2.0",
        planning: {},
        startPrice: fen(startFen),
        increment: fen(incFen),
        deposit: fen(BigInt(wanFen(200))),
        qualificationMode: "before",
        listingStart,
        listingEnd,
        depositCutoff: beijingTime(addDays(endDay, -2), "17:00"),
      },
      "staff:t-admin",
    );
    const parcelId = p.parcel.id;
    clock.advance(DAY);
    await c.trading.parcels.publishAnnouncement(parcelId, "staff:t-admin");
    clock.advance(2 * DAY);
    const sys = { c, clock } as unknown as TestSystem;
    const out: SiteBidder[] = [];
    for (const [i, b] of bidders.entries()) {
      const a = await addApplication(sys, parcelId, { applicantId: b.applicantId, displayName: b.name, status: "submitted" });
      await c.trading.applications.decide(a.id, { approved: true }, "staff:t-admin");
      await c.trading.deposits.receive(
        { bankRef: `STORM${i}`, subAccount: a.depositAccount, payerAccount: a.payerAccounts[0]!, payerName: b.name, amount: fen(BigInt(wanFen(200))), arrivedAt: clock.now() },
        "callback",
        {},
        "bank:test",
      );
      out.push({ b, no: a.bidderNo });
    }
    clock.set(new Date(listingStart.getTime() + 60_000));
    await c.scheduler.drain(); // the listingOpen deadline
    clock.set(new SystemClock().now());
    const sale = (await c.store.read.trading.parcels.sale(parcelId))!;
    if (sale.state.phase !== "listing") throw new Error(`site parcel is in phase ${sale.state.phase}, not listing`);
    await c.trading.bids.warmUp(); // the receipt key, so the first bids do not all wait on its issuance
    return { dataDir, env, parcelId, startFen, incFen, bidders: out, close: () => rmSync(dataDir, { recursive: true, force: true }) };
  } finally {
    await c.close();
  }
}

/** The wall clock for signing times (the only clock a separate server process shares with us). */
export const wallNow = () => new SystemClock().now();

export interface HttpBidder {
  cookie: string;
  csrf: string;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** Certificate login over real HTTP (challenge → signature → lt_bidder cookie). */
export async function loginOverHttp(url: string, b: TestBidder): Promise<HttpBidder> {
  const ch = await fetch(`${url}/api/bidder-auth/challenge`, { method: "POST" });
  if (ch.status !== 200) throw new Error(`challenge: ${ch.status} ${await ch.text()}`);
  const attempt = ch.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("lt_bidder_attempt="))!;
  const { challengeId, toSign } = (await ch.json()) as { challengeId: string; toSign: string };
  const r = await fetch(`${url}/api/bidder-auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: attempt },
    body: JSON.stringify({ challengeId, certificate: b64(b.certDer), signature: b64(await b.sign(new TextEncoder().encode(toSign))) }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("lt_bidder="))!;
  return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

export type BidBody = Awaited<ReturnType<typeof signedBid>>;

export interface BidReply {
  status: number;
  body: Record<string, unknown> & { code?: string };
}

/** POST a signed bid; throws on a network failure (no answer). */
export async function postBidOverHttp(url: string, who: HttpBidder, parcelId: string, body: BidBody): Promise<BidReply> {
  const r = await fetch(`${url}/api/bidder/parcels/${parcelId}/bids`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: who.cookie, "x-csrf-token": who.csrf },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: r.status, body: (await r.json()) as BidReply["body"] };
}

export async function roomOverHttp(url: string, who: HttpBidder, parcelId: string) {
  const r = await fetch(`${url}/api/bidder/parcels/${parcelId}/room`, { headers: { cookie: who.cookie } });
  if (r.status !== 200) throw new Error(`room: ${r.status} ${await r.text()}`);
  return (await r.json()) as {
    view: { phase: string; highest: { bidId: string; bidderNo: string; amountFen: string } | null; bidCount: number };
    mine: { bidId: string; seq: number; amountFen: string; hash: string; receiptDocument: string }[];
  };
}
