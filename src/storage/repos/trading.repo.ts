/** Trading storage: parcels with their sale state, the sale event log; binds the other trading repos. */
import type { Kysely, Selectable } from "kysely";
import { fenFromDb, fenToDb } from "../../shared/money.js";
import { decodeEvent, decodeState, encodeEvent, encodeState } from "../../trading/engine/codec.js";
import type { Phase, QualificationMode } from "../../trading/engine/types.js";
import type { LockedParcel, Parcel, ParcelExtraRules, ParcelRepo, Planning, TradingRepos } from "../../trading/trading.ports.js";
import type { Database } from "../schema.js";
import type { TradingParcelTable } from "../tables/trading.js";
import { applicationRepo, paymentRepo, refundRepo } from "./trading-deposits.repo.js";
import { boardRepo, calendarRepo, noticeRepo, reserveRepo } from "./trading-records.repo.js";

const json = (v: unknown) => JSON.stringify(v);

function toParcel(r: Selectable<TradingParcelTable>): Parcel {
  return {
    id: r.id,
    parcelNo: r.parcel_no,
    name: r.name,
    location: r.location,
    district: r.district,
    areaM2: String(r.area_m2),
    landUse: r.land_use,
    termYears: r.term_years,
    plotRatio: r.plot_ratio,
    planning: r.planning as Planning,
    startPrice: fenFromDb(r.start_price_fen),
    increment: fenFromDb(r.increment_fen),
    deposit: fenFromDb(r.deposit_fen),
    qualificationMode: r.qualification_mode as QualificationMode,
    extra: r.rules as ParcelExtraRules,
    listingStart: new Date(r.listing_start),
    listingEnd: new Date(r.listing_end),
    depositCutoff: new Date(r.deposit_cutoff),
    phase: r.phase as Phase,
    nextDueAt: r.next_due_at ? new Date(r.next_due_at) : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

function toLocked(r: Selectable<TradingParcelTable>): LockedParcel {
  return { ...toParcel(r), state: decodeState(r.state), eventSeq: Number(r.event_seq), boardSeq: Number(r.board_seq), bidSeq: Number(r.bid_seq), bidHead: r.bid_head };
}

export function parcelRepo(db: Kysely<Database>): ParcelRepo {
  return {
    async insert(p) {
      await db
        .insertInto("trading_parcel")
        .values({
          id: p.id,
          parcel_no: p.parcelNo,
          name: p.name,
          location: p.location,
          district: p.district,
          area_m2: p.areaM2,
          land_use: p.landUse,
          term_years: p.termYears,
          plot_ratio: p.plotRatio,
          planning: json(p.planning),
          start_price_fen: fenToDb(p.startPrice),
          increment_fen: fenToDb(p.increment),
          deposit_fen: fenToDb(p.deposit),
          qualification_mode: p.qualificationMode,
          rules: json(p.extra),
          listing_start: p.listingStart,
          listing_end: p.listingEnd,
          deposit_cutoff: p.depositCutoff,
          phase: p.state.phase,
          state: json(encodeState(p.state)),
          next_due_at: null,
          bid_head: p.bidHead,
          created_by: p.createdBy,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })
        .execute();
    },
    async byId(id) {
      const r = await db.selectFrom("trading_parcel").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toParcel(r) : undefined;
    },
    async byNo(no) {
      const r = await db.selectFrom("trading_parcel").selectAll().where("parcel_no", "=", no).executeTakeFirst();
      return r ? toParcel(r) : undefined;
    },
    async list(q) {
      let query = db.selectFrom("trading_parcel").selectAll().orderBy("listing_start", "desc").orderBy("parcel_no");
      if (q.phases?.length) query = query.where("phase", "in", q.phases);
      return (await query.execute()).map(toParcel);
    },
    async lock(id) {
      const r = await db.selectFrom("trading_parcel").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toLocked(r) : undefined;
    },
    async sale(id) {
      const r = await db.selectFrom("trading_parcel").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toLocked(r) : undefined;
    },
    async updateDraft(id, p, at) {
      await db
        .updateTable("trading_parcel")
        .set({
          name: p.name,
          location: p.location,
          district: p.district,
          area_m2: p.areaM2,
          land_use: p.landUse,
          term_years: p.termYears,
          plot_ratio: p.plotRatio,
          planning: json(p.planning),
          start_price_fen: fenToDb(p.startPrice),
          increment_fen: fenToDb(p.increment),
          deposit_fen: fenToDb(p.deposit),
          qualification_mode: p.qualificationMode,
          rules: json(p.extra),
          listing_start: p.listingStart,
          listing_end: p.listingEnd,
          deposit_cutoff: p.depositCutoff,
          state: json(encodeState(p.state)),
          updated_at: at,
        })
        .where("id", "=", id)
        .execute();
    },
    async saveSale(id, w) {
      const s = w.state.schedule;
      await db
        .updateTable("trading_parcel")
        .set({
          state: json(encodeState(w.state)),
          phase: w.state.phase,
          next_due_at: w.nextDueAt,
          listing_start: s.listingStart,
          listing_end: s.listingEnd,
          deposit_cutoff: s.depositCutoff,
          event_seq: w.eventSeq,
          board_seq: w.boardSeq,
          ...(w.bidSeq !== undefined ? { bid_seq: w.bidSeq } : {}),
          ...(w.bidHead !== undefined ? { bid_head: w.bidHead } : {}),
          updated_at: w.at,
        })
        .where("id", "=", id)
        .execute();
    },
    async appendEvent(e) {
      await db
        .insertInto("trading_event")
        .values({ parcel_id: e.parcelId, seq: e.seq, at: e.at, actor: e.actor, event: json(encodeEvent(e.event)), phase_after: e.phaseAfter })
        .execute();
    },
    async events(parcelId) {
      const rows = await db.selectFrom("trading_event").selectAll().where("parcel_id", "=", parcelId).orderBy("seq").execute();
      return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.at), actor: r.actor, event: decodeEvent(r.event), phaseAfter: r.phase_after as Phase }));
    },
  };
}

export function tradingRepos(db: Kysely<Database>): TradingRepos {
  return {
    parcels: parcelRepo(db),
    notices: noticeRepo(db),
    calendar: calendarRepo(db),
    board: boardRepo(db),
    reserve: reserveRepo(db),
    applications: applicationRepo(db),
    payments: paymentRepo(db),
    refunds: refundRepo(db),
  };
}
