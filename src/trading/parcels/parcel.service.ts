/**
 * Parcels and their notices: a trading administrator creates a parcel (a
 * draft: editable), publishes the announcement (≥ 20 days before the listing,
 * enforced by the engine), and from then on changes it only by notices —
 * supplementary notices, material changes (which postpone the sale when fewer
 * than 20 days are left), suspension, resumption and termination. Each is an
 * engine event and a numbered public notice, audited in the same
 * transaction.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { fenText, type Fen } from "../../shared/money.js";
import type { Store } from "../../storage/store.js";
import { newSale } from "../engine/engine.js";
import { MINUTE_MS, rulesProblems, type RulesInput } from "../engine/rules.js";
import type { QualificationMode, SaleEvent, SaleState } from "../engine/types.js";
import { saleView, type SaleView } from "../engine/view.js";
import type { SaleRunner } from "../sale/sale-runner.js";
import type { Notice, NoticeKind, Parcel, ParcelExtraRules, Planning } from "../trading.ports.js";
import { announcementBody, beijingText, writeNotice } from "./notice-writer.js";

export const GENESIS_BID_HASH = "0".repeat(64);
export const DEFAULT_EXTRA: ParcelExtraRules = { reserveWindowHours: 48 };

export interface ParcelRulesInput {
  announceLeadDays?: number;
  materialChangeLeadDays?: number;
  listingMinWorkingDays?: number;
  freezeMinutes?: number;
  intentWindowMinutes?: number;
  countdownMinutes?: number;
  reserveWindowHours?: number;
}

export interface ParcelInput {
  parcelNo: string;
  name: string;
  location: string;
  district: string;
  areaM2: string;
  landUse: string;
  termYears: number;
  plotRatio: string;
  planning: Planning;
  startPrice: Fen;
  increment: Fen;
  deposit: Fen;
  qualificationMode: QualificationMode;
  listingStart: Date;
  listingEnd: Date;
  depositCutoff: Date;
  rules?: ParcelRulesInput;
}

export interface ParcelDetail {
  parcel: Parcel;
  state: SaleState;
  view: SaleView;
  notices: Notice[];
}

function engineRules(i: ParcelInput): RulesInput {
  const r = i.rules ?? {};
  return {
    startPrice: i.startPrice,
    increment: i.increment,
    deposit: i.deposit,
    qualificationMode: i.qualificationMode,
    announceLeadDays: r.announceLeadDays,
    materialChangeLeadDays: r.materialChangeLeadDays,
    listingMinWorkingDays: r.listingMinWorkingDays,
    freezeMinutes: r.freezeMinutes,
    intentWindowMs: r.intentWindowMinutes === undefined ? undefined : r.intentWindowMinutes * MINUTE_MS,
    countdownMs: r.countdownMinutes === undefined ? undefined : r.countdownMinutes * MINUTE_MS,
  };
}

function draftState(i: ParcelInput): SaleState {
  const state = newSale(engineRules(i), { listingStart: i.listingStart, listingEnd: i.listingEnd, depositCutoff: i.depositCutoff });
  const problems = rulesProblems(state.rules);
  const hours = i.rules?.reserveWindowHours;
  if (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > 240)) problems.reserveWindowHours = "must be 1–240 hours";
  if (Object.keys(problems).length) {
    throw new AppError("VALIDATION_FAILED", { detail: Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join("; "), extra: { errors: problems } });
  }
  return state;
}

const extraOf = (i: ParcelInput): ParcelExtraRules => ({ reserveWindowHours: i.rules?.reserveWindowHours ?? DEFAULT_EXTRA.reserveWindowHours });

export class ParcelService {
  constructor(
    private readonly store: Store,
    private readonly runner: SaleRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(i: ParcelInput, actor: string): Promise<ParcelDetail> {
    const state = draftState(i);
    const id = newId();
    const now = this.clock.now();
    await this.store.tx(async (r) => {
      if (await r.trading.parcels.byNo(i.parcelNo)) throw new AppError("TRADE_PARCEL_NO_TAKEN", { detail: i.parcelNo });
      const { rules: _rules, ...fields } = i;
      await r.trading.parcels.insert({ ...fields, id, extra: extraOf(i), state, bidHead: GENESIS_BID_HASH, createdBy: actor, createdAt: now, updatedAt: now });
      await this.audit.record(r.audit, { actor, action: "trading.parcel.create", subject: `parcel:${i.parcelNo}`, payload: summary(i) });
    });
    return this.detail(id);
  }

  async update(id: string, i: Omit<ParcelInput, "parcelNo">, actor: string): Promise<ParcelDetail> {
    await this.store.tx(async (r) => {
      const p = await r.trading.parcels.lock(id);
      if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: id });
      if (p.state.phase !== "draft") throw new AppError("TRADE_PARCEL_NOT_EDITABLE", { detail: `phase ${p.state.phase}` });
      const full = { ...i, parcelNo: p.parcelNo };
      const state = draftState(full);
      const { rules: _rules, parcelNo: _no, ...fields } = full;
      await r.trading.parcels.updateDraft(id, { ...fields, extra: extraOf(full), state }, this.clock.now());
      await this.audit.record(r.audit, { actor, action: "trading.parcel.update", subject: `parcel:${p.parcelNo}`, payload: summary(full) });
    });
    return this.detail(id);
  }

  async list(): Promise<{ parcel: Parcel; view: SaleView }[]> {
    const parcels = await this.store.read.trading.parcels.list({});
    const now = this.clock.now();
    const out: { parcel: Parcel; view: SaleView }[] = [];
    for (const p of parcels) {
      const s = await this.store.read.trading.parcels.sale(p.id);
      if (s) out.push({ parcel: p, view: saleView(s.state, now) });
    }
    return out;
  }

  async detail(id: string): Promise<ParcelDetail> {
    const s = await this.store.read.trading.parcels.sale(id);
    if (!s) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: id });
    const { state, eventSeq: _e, boardSeq: _b, bidSeq: _s, bidHead: _h, ...parcel } = s;
    return { parcel, state, view: saleView(state, this.clock.now()), notices: await this.store.read.trading.notices.byParcel(id) };
  }

  /** Applies an engine event and publishes its notice in one transaction. */
  private async withNotice(id: string, event: SaleEvent | ((p: Parcel) => SaleEvent), kind: NoticeKind, actor: string, body: (p: Parcel, s: SaleState) => string, title?: string): Promise<ParcelDetail> {
    await this.runner.run(async (r, outbox) => {
      const locked = await r.trading.parcels.lock(id);
      if (!locked) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: id });
      const applied = await this.runner.apply(r, outbox, id, typeof event === "function" ? event(locked) : event, actor);
      const p = await r.trading.parcels.byId(id);
      const n = await writeNotice(r, p!, kind, body(p!, applied.state), this.clock.now(), actor, title);
      await this.audit.record(r.audit, { actor, action: `trading.notice.${kind}`, subject: `parcel:${p!.parcelNo}`, payload: { number: n.number, title: n.title } });
    });
    return this.detail(id);
  }

  publishAnnouncement(id: string, actor: string): Promise<ParcelDetail> {
    const event = (p: Parcel): SaleEvent => ({ type: "publishAnnouncement", listingStart: p.listingStart, listingEnd: p.listingEnd, depositCutoff: p.depositCutoff });
    return this.withNotice(id, event, "announcement", actor, (p, s) => announcementBody(p, s.schedule.listingStart, s.schedule.listingEnd, s.schedule.depositCutoff));
  }

  supplementaryNotice(id: string, n: { title: string; body: string }, actor: string): Promise<ParcelDetail> {
    return this.withNotice(id, { type: "supplementaryNotice", noticeId: newId() }, "supplementary", actor, () => n.body, n.title);
  }

  materialChange(id: string, c: { body: string; listingStart?: Date; listingEnd?: Date; depositCutoff?: Date }, actor: string): Promise<ParcelDetail> {
    const event: SaleEvent = { type: "materialChange", noticeId: newId(), listingStart: c.listingStart, listingEnd: c.listingEnd, depositCutoff: c.depositCutoff };
    return this.withNotice(id, event, "materialChange", actor, (_p, s) =>
      [c.body, `变更后挂牌时间：${beijingText(s.schedule.listingStart)} 至 ${beijingText(s.schedule.listingEnd)}；保证金到账截止时间：${beijingText(s.schedule.depositCutoff)}。`].join("\n"),
    );
  }

  suspend(id: string, reason: string, actor: string): Promise<ParcelDetail> {
    return this.withNotice(id, { type: "suspend", reason }, "suspension", actor, (p) => `因${reason}，宗地 ${p.parcelNo} 网上交易自 ${beijingText(this.clock.now())} 起暂停。恢复时间另行公告；恢复后从暂停前最后一次有效最高报价继续。`);
  }

  resume(id: string, c: { listingEnd?: Date; note?: string }, actor: string): Promise<ParcelDetail> {
    return this.withNotice(id, { type: "resume", listingEnd: c.listingEnd }, "resumption", actor, (p, s) => {
      const when = s.phase === "timed" || s.phase === "intent" ? `倒计时自 ${beijingText(this.clock.now())} 起重新计算` : `挂牌截止时间为 ${beijingText(s.schedule.listingEnd)}`;
      return `宗地 ${p.parcelNo} 网上交易自 ${beijingText(this.clock.now())} 起恢复，从暂停前最后一次有效最高报价继续，${when}。${c.note ?? ""}`;
    });
  }

  terminate(id: string, reason: string, actor: string): Promise<ParcelDetail> {
    return this.withNotice(id, { type: "terminate", reason }, "termination", actor, (p) => `因${reason}，宗地 ${p.parcelNo} 本次网上交易终止。竞买保证金将在 5 个工作日内退还。`);
  }
}

function summary(i: Omit<ParcelInput, "parcelNo"> & { parcelNo: string }) {
  return {
    parcelNo: i.parcelNo,
    name: i.name,
    startPriceFen: fenText(i.startPrice),
    incrementFen: fenText(i.increment),
    depositFen: fenText(i.deposit),
    qualificationMode: i.qualificationMode,
    listingStart: i.listingStart.toISOString(),
    listingEnd: i.listingEnd.toISOString(),
    depositCutoff: i.depositCutoff.toISOString(),
    rules: i.rules ?? {},
  };
}
