/**
 * Trading demo data: Changsha County parcels in every phase — a draft,
 * announced, in the listing with bids, in timed bidding (a 60-minute
 * countdown running from start-up), sold after timed bidding, withdrawn —
 * with applications, deposits, the sealed reserve, notices, refunds and the
 * board history. The histories are played through the real services on a
 * clock set to the past (FakeClock: a clock we set), so every rule is
 * checked as it would have been; the audit log records them at the real
 * time, by "system:demo-seed". Idempotent: skipped when demo parcels exist.
 * Bids here are applied through the sale runner (the signed-bid service of
 * the bidder-facing half is not part of the seed yet).
 */
import type { Scheduler } from "../ops/scheduler/scheduler.js";
import type { AuditService } from "../ops/audit.service.js";
import { newId } from "../shared/ids.js";
import { fen, type Fen } from "../shared/money.js";
import type { Store } from "../storage/store.js";
import { bidderNumber, depositSubAccount } from "../trading/applications/numbers.js";
import { addDays, beijingDate, beijingTime, WorkingCalendar, type IsoDate } from "../trading/calendar/working-calendar.js";
import type { SaleEvent } from "../trading/engine/types.js";
import { buildTrading, type TradingModule } from "../trading/trading.module.js";
import type { Application, CalendarDay } from "../trading/trading.ports.js";
import { FakeClock, MINUTE, HOUR, type Clock } from "./clock.js";

export const DEMO_TRADING_ACTOR = "system:demo-seed";
const ADMIN = "staff:trading";
const SUPERVISOR = "staff:supervisor";
const DAY = 24 * HOUR;

/** 2026 public holidays and make-up working days (State Council schedule; trading admins keep this list). */
export const DEMO_CALENDAR_2026: CalendarDay[] = [
  ...["2026-01-01", "2026-01-02", "2026-01-03"].map((day) => ({ day, kind: "holiday" as const, name: "元旦" })),
  { day: "2026-01-04", kind: "workday", name: "元旦调休上班" },
  ...["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"].map((day) => ({ day, kind: "holiday" as const, name: "春节" })),
  { day: "2026-02-14", kind: "workday", name: "春节调休上班" },
  { day: "2026-02-28", kind: "workday", name: "春节调休上班" },
  ...["2026-04-04", "2026-04-05", "2026-04-06"].map((day) => ({ day, kind: "holiday" as const, name: "清明节" })),
  ...["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"].map((day) => ({ day, kind: "holiday" as const, name: "劳动节" })),
  { day: "2026-05-09", kind: "workday", name: "劳动节调休上班" },
  ...["2026-06-19", "2026-06-20", "2026-06-21"].map((day) => ({ day, kind: "holiday" as const, name: "端午节" })),
  ...["2026-09-25", "2026-09-26", "2026-09-27"].map((day) => ({ day, kind: "holiday" as const, name: "中秋节" })),
  ...["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"].map((day) => ({ day, kind: "holiday" as const, name: "国庆节" })),
  { day: "2026-09-20", kind: "workday", name: "国庆调休上班" },
  { day: "2026-10-10", kind: "workday", name: "国庆调休上班" },
];

const wan = (n: number): Fen => fen(BigInt(Math.round(n * 100)) * 10_000n);

/** A demo bidder the seed enters on parcels; the RA's demo bidders carry real certificates and can log in to the portal. */
export interface DemoTradingBidder {
  name: string;
  applicantId: string;
  idType: "person" | "org";
  idNumber: string;
  account: string;
}

interface Deps {
  /** The RA seed's bidders with certificates, P-256 first, then SM2: made applicants on the parcels in bidding so a portal user meets live sales. */
  portalBidders?: DemoTradingBidder[];
  store: Store;
  audit: AuditService;
  scheduler: Scheduler;
  trading: TradingModule;
  clock: Clock;
  config: { dataDir: string };
}

const BIDDERS = [
  { name: "长沙星沙恒远置业有限公司", id: "91430121MA4PDEMO1A", account: "6217 0025 1000 3801 221" },
  { name: "湖南松雅湖城市发展有限公司", id: "91430121MA4PDEMO2B", account: "6228 4807 1010 2266 775" },
  { name: "长沙榔梨安居房地产开发有限公司", id: "91430121MA4PDEMO3C", account: "6222 0219 0100 7788 316" },
  { name: "湖南黄花空港产业投资有限公司", id: "91430121MA4PDEMO4D", account: "6216 6119 0000 8851 004" },
];

export async function seedTradingDemo(d: Deps): Promise<{ parcels: string[]; skipped: boolean }> {
  const existing = await d.store.read.trading.parcels.list({});
  if (existing.some((p) => p.createdBy === DEMO_TRADING_ACTOR)) return { parcels: [], skipped: true };

  if ((await d.store.read.trading.calendar.list()).length === 0) {
    for (const day of DEMO_CALENDAR_2026) await d.trading.calendar.put(day, DEMO_TRADING_ACTOR);
  }
  const cal = new WorkingCalendar({
    holidays: DEMO_CALENDAR_2026.filter((x) => x.kind === "holiday").map((x) => x.day),
    workdays: DEMO_CALENDAR_2026.filter((x) => x.kind === "workday").map((x) => x.day),
  });
  const now = new Date(Math.floor(d.clock.now().getTime() / MINUTE) * MINUTE);
  const today = beijingDate(now);
  const year = today.slice(0, 4);
  const clock = new FakeClock(now);
  const t = buildTrading({ store: d.store, audit: d.audit, clock, scheduler: d.scheduler, dataDir: d.config.dataDir, bus: d.trading.bus });
  const at = (x: Date) => clock.set(x);
  const back = (n: number): IsoDate => {
    let day = today;
    for (let i = 0; i < n; ) {
      day = addDays(day, -1);
      if (cal.isWorkingDay(day)) i++;
    }
    return day;
  };
  const apply = (parcelId: string, e: SaleEvent, actor: string) => t.runner.run((r, o) => t.runner.apply(r, o, parcelId, e, actor));
  const created: string[] = [];
  let seq = 0;

  async function parcel(no: number, createdAt: Date, o: { name: string; location: string; district: string; area: string; use: string; ratio: string; start: number; inc: number; deposit: number; listingStart: Date; listingEnd: Date; cutoff: Date; planning?: Record<string, string>; rules?: Record<string, number>; term?: number }) {
    const parcelNo = `长县${year}-${String(no).padStart(3, "0")}`;
    at(createdAt);
    const detail = await t.parcels.create(
      {
        parcelNo,
        name: o.name,
        location: o.location,
        district: o.district,
        areaM2: o.area,
        landUse: o.use,
        termYears: o.term ?? (o.use.includes("工业") ? 50 : o.use.includes("商") ? 40 : 70),
        plotRatio: o.ratio,
        planning: o.planning ?? {},
        startPrice: wan(o.start),
        increment: wan(o.inc),
        deposit: wan(o.deposit),
        qualificationMode: "before",
        listingStart: o.listingStart,
        listingEnd: o.listingEnd,
        depositCutoff: o.cutoff,
        rules: o.rules,
      },
      DEMO_TRADING_ACTOR,
    );
    created.push(parcelNo);
    return detail.parcel;
  }

  const companies: DemoTradingBidder[] = BIDDERS.map((b, i) => ({ name: b.name, applicantId: `demo-applicant-${i + 1}`, idType: "org", idNumber: b.id, account: b.account }));
  const portal = d.portalBidders ?? [];
  /** The parcel's applicants by position: the given portal bidders where there are, the demo companies in the holes and after. */
  const people = (...slots: (DemoTradingBidder | undefined)[]) => {
    const rest = [...companies];
    const out = slots.map((x) => x ?? rest.shift()!);
    return [...out, ...rest];
  };

  async function applicants(parcelId: string, n: number, deposit: Fen, paid: number, approve: number, who: DemoTradingBidder[] = companies): Promise<Application[]> {
    const apps: Application[] = [];
    const numbers = new Set<string>();
    while (numbers.size < n) numbers.add(bidderNumber());
    const nos = [...numbers];
    for (let i = 0; i < n; i++) {
      const b = who[i]!;
      const a: Application = {
        id: newId(),
        parcelId,
        applicantId: b.applicantId,
        kind: "sole",
        displayName: b.name,
        members: [{ name: b.name, idType: b.idType, idNumber: b.idNumber }],
        payerAccounts: [b.account],
        bidderNo: nos[i]!,
        depositAccount: depositSubAccount(),
        status: "submitted",
        rejectionReason: null,
        decidedBy: null,
        decidedAt: null,
        depositStatus: "awaiting",
        depositReceived: fen(0),
        depositArrivedAt: null,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      await d.store.tx((r) => r.trading.applications.insert(a));
      apps.push(a);
    }
    clock.advance(DAY);
    for (const a of apps.slice(0, approve)) await t.applications.decide(a.id, { approved: true }, ADMIN);
    clock.advance(DAY);
    for (const a of apps.slice(0, paid)) {
      await t.deposits.receive({ bankRef: `DEMO${year}${String(++seq).padStart(6, "0")}`, subAccount: a.depositAccount, payerAccount: a.payerAccounts[0]!, payerName: a.displayName, amount: deposit, arrivedAt: clock.now() }, "callback", { demo: true }, "bank:callback");
      clock.advance(3 * HOUR);
    }
    return apps;
  }

  async function reserve(parcelId: string, end: Date, amount: number) {
    at(new Date(end.getTime() - 20 * HOUR));
    await t.reserve.enter(parcelId, wan(amount), ADMIN);
    clock.advance(30 * MINUTE);
    await t.reserve.confirm(parcelId, wan(amount), SUPERVISOR);
  }

  // 1. Sold after timed bidding (listing ended about two weeks ago).
  {
    const startDay = cal.nextWorkingDay(addDays(today, -32));
    const endDay = cal.earliestEndFor(startDay, 10);
    const p = await parcel(31, beijingTime(addDays(startDay, -23), "16:00"), {
      name: "星沙街道东六线以东A-07地块",
      location: "长沙县星沙街道东六线以东、板仓路以北",
      district: "星沙街道",
      area: "42316.50",
      use: "城镇住宅用地",
      ratio: "1.0–2.8",
      start: 36800,
      inc: 100,
      deposit: 7360,
      planning: { buildingDensity: "≤25%", greenRatio: "≥35%", heightLimit: "≤80米" },
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: beijingTime(endDay, "15:00"),
      cutoff: beijingTime(addDays(endDay, -2), "17:00"),
    });
    at(beijingTime(addDays(startDay, -22), "10:00"));
    await t.parcels.publishAnnouncement(p.id, ADMIN);
    clock.advance(2 * DAY);
    const [a, b, c] = await applicants(p.id, 3, wan(7360), 3, 3);
    at(beijingTime(startDay, "09:00"));
    await apply(p.id, { type: "listingOpen" }, "system:deadline");
    clock.advance(1 * DAY + 2 * HOUR);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: a!.bidderNo, amount: wan(36800) }, "bidder:demo");
    clock.advance(3 * DAY);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: b!.bidderNo, amount: wan(37000) }, "bidder:demo");
    clock.advance(4 * DAY);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: c!.bidderNo, amount: wan(37100) }, "bidder:demo");
    await reserve(p.id, beijingTime(endDay, "15:00"), 37800);
    at(beijingTime(endDay, "15:00"));
    await apply(p.id, { type: "listingClose" }, "system:deadline");
    clock.advance(MINUTE);
    await apply(p.id, { type: "continueIntent", bidderNo: a!.bidderNo, continue: true }, "bidder:demo");
    await apply(p.id, { type: "continueIntent", bidderNo: b!.bidderNo, continue: true }, "bidder:demo");
    await apply(p.id, { type: "continueIntent", bidderNo: c!.bidderNo, continue: false }, "bidder:demo");
    const steps: [number, number][] = [
      [0, 37300],
      [1, 37500],
      [0, 37700],
      [1, 37900],
      [0, 38200],
    ];
    for (const [who, amount] of steps) {
      clock.advance(2 * MINUTE + 17_000);
      await apply(p.id, { type: "timedBid", bidId: newId(), bidderNo: [a, b][who]!.bidderNo, amount: wan(amount) }, "bidder:demo");
    }
    clock.advance(4 * MINUTE);
    await apply(p.id, { type: "countdownLapse" }, "system:deadline");
    // Refunds of the other two were paid back within the 5 working days.
    clock.advance(2 * DAY);
    for (const f of await d.store.read.trading.refunds.list({ parcelId: p.id, limit: 10 })) {
      await t.deposits.refundSent(f.id, `TK${year}${String(++seq).padStart(6, "0")}`, ADMIN);
      await t.deposits.refundConfirmed(f.id, ADMIN);
    }
  }

  // 2. Withdrawn (流拍): nobody bid.
  {
    const startDay = cal.nextWorkingDay(addDays(today, -27));
    const endDay = cal.earliestEndFor(startDay, 10);
    const p = await parcel(28, beijingTime(addDays(startDay, -22), "16:00"), {
      name: "黄花镇空港城物流园B-03地块",
      location: "长沙县黄花镇机场大道以南、黄兴大道以东",
      district: "黄花镇",
      area: "66700.00",
      use: "工业用地",
      ratio: "≥1.2",
      start: 5400,
      inc: 20,
      deposit: 1080,
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: beijingTime(endDay, "15:00"),
      cutoff: beijingTime(addDays(endDay, -2), "17:00"),
    });
    at(beijingTime(addDays(startDay, -21), "10:00"));
    await t.parcels.publishAnnouncement(p.id, ADMIN);
    clock.advance(3 * DAY);
    await applicants(p.id, 1, wan(1080), 1, 1);
    at(beijingTime(startDay, "09:00"));
    await apply(p.id, { type: "listingOpen" }, "system:deadline");
    at(beijingTime(endDay, "15:00"));
    await apply(p.id, { type: "listingClose" }, "system:deadline");
  }

  // 3. In the listing, with bids (ends in about a week and a half).
  {
    const startDay = back(3);
    const endDay = cal.earliestEndFor(startDay, 10);
    const p = await parcel(36, beijingTime(addDays(startDay, -22), "16:00"), {
      name: "榔梨街道陶公庙片区C-11地块",
      location: "长沙县榔梨街道花园路以东、浏阳河以北",
      district: "榔梨街道",
      area: "28845.20",
      use: "商住混合用地（住宅70%、商业30%）",
      ratio: "1.5–3.0",
      start: 21500,
      inc: 50,
      deposit: 4300,
      term: 70,
      planning: { buildingDensity: "≤30%", greenRatio: "≥30%" },
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: beijingTime(endDay, "15:00"),
      cutoff: beijingTime(addDays(endDay, -2), "17:00"),
    });
    at(beijingTime(addDays(startDay, -21), "10:00"));
    await t.parcels.publishAnnouncement(p.id, ADMIN);
    clock.advance(2 * DAY);
    // The RA's demo bidders when there are (张伟 and 星沙置业 with P-256, 李娜 with SM2: they log in and bid in the portal); the fourth awaits qualification and deposit.
    const [a, b] = await applicants(p.id, 4, wan(4300), 3, 3, people(portal[0], portal[1], portal[2]));
    at(beijingTime(startDay, "09:00"));
    await apply(p.id, { type: "listingOpen" }, "system:deadline");
    clock.advance(2 * HOUR + 13 * MINUTE);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: a!.bidderNo, amount: wan(21500) }, "bidder:demo");
    clock.advance(DAY + 3 * HOUR);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: b!.bidderNo, amount: wan(21650) }, "bidder:demo");
  }

  // 4. In timed bidding right now: a 60-minute countdown from start-up.
  {
    const endAt = new Date(now.getTime() - 10 * MINUTE);
    const startDay = back(13);
    const p = await parcel(33, beijingTime(addDays(startDay, -22), "16:00"), {
      name: "湘龙街道松雅湖南路D-05地块",
      location: "长沙县湘龙街道松雅湖南路以南、东八线以西",
      district: "湘龙街道",
      area: "35102.75",
      use: "城镇住宅用地",
      ratio: "1.0–2.5",
      start: 30200,
      inc: 100,
      deposit: 6040,
      planning: { buildingDensity: "≤22%", greenRatio: "≥35%", heightLimit: "≤60米" },
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: endAt,
      cutoff: new Date(endAt.getTime() - 2 * DAY),
      rules: { countdownMinutes: 60 },
    });
    at(beijingTime(addDays(startDay, -21), "10:00"));
    await t.parcels.publishAnnouncement(p.id, ADMIN);
    clock.advance(2 * DAY);
    const [a, , c] = await applicants(p.id, 4, wan(6040), 3, 4, people(portal[1], undefined, portal[0]));
    at(beijingTime(startDay, "09:00"));
    await apply(p.id, { type: "listingOpen" }, "system:deadline");
    clock.advance(DAY);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: a!.bidderNo, amount: wan(30200) }, "bidder:demo");
    clock.advance(5 * DAY);
    await apply(p.id, { type: "listingBid", bidId: newId(), bidderNo: c!.bidderNo, amount: wan(30400) }, "bidder:demo");
    await reserve(p.id, endAt, 30600);
    at(endAt);
    await apply(p.id, { type: "listingClose" }, "system:deadline");
    clock.advance(MINUTE);
    await apply(p.id, { type: "continueIntent", bidderNo: a!.bidderNo, continue: true }, "bidder:demo");
    await apply(p.id, { type: "continueIntent", bidderNo: c!.bidderNo, continue: true }, "bidder:demo");
    clock.advance(2 * MINUTE);
    await apply(p.id, { type: "timedBid", bidId: newId(), bidderNo: a!.bidderNo, amount: wan(30500) }, "bidder:demo");
    clock.advance(3 * MINUTE);
    await apply(p.id, { type: "timedBid", bidId: newId(), bidderNo: c!.bidderNo, amount: wan(30700) }, "bidder:demo");
  }

  // 5. Announced: the listing starts in about three and a half weeks.
  {
    const startDay = cal.nextWorkingDay(addDays(today, 24));
    const endDay = cal.earliestEndFor(startDay, 10);
    const p = await parcel(41, new Date(now.getTime() - DAY), {
      name: "泉塘街道漓湘路E-02地块",
      location: "长沙县泉塘街道漓湘路以北、凉塘路以东",
      district: "泉塘街道",
      area: "19870.40",
      use: "商务金融用地",
      ratio: "2.0–4.5",
      start: 15800,
      inc: 50,
      deposit: 3160,
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: beijingTime(endDay, "15:00"),
      cutoff: beijingTime(addDays(endDay, -2), "17:00"),
    });
    at(new Date(now.getTime() - 2 * HOUR));
    await t.parcels.publishAnnouncement(p.id, ADMIN);
  }

  // 6. A draft, not yet announced.
  {
    const startDay = cal.nextWorkingDay(addDays(today, 45));
    const endDay = cal.earliestEndFor(startDay, 10);
    await parcel(44, now, {
      name: "安沙镇工业集中区F-09地块",
      location: "长沙县安沙镇和平村、物流大道以西",
      district: "安沙镇",
      area: "53360.00",
      use: "工业用地",
      ratio: "≥1.0",
      start: 3200,
      inc: 10,
      deposit: 640,
      listingStart: beijingTime(startDay, "09:00"),
      listingEnd: beijingTime(endDay, "15:00"),
      cutoff: beijingTime(addDays(endDay, -2), "17:00"),
    });
  }
  return { parcels: created, skipped: false };
}
