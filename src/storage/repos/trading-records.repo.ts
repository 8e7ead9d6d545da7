/** Trading storage: notices, the working-day calendar, live-board messages, the sealed reserve. */
import { sql, type Kysely } from "kysely";
import { fenFromDb, fenToDb } from "../../shared/money.js";
import type { BoardRepo, CalendarRepo, Notice, NoticeKind, NoticeRepo, ReserveRepo } from "../../trading/trading.ports.js";
import type { Database } from "../schema.js";

export function noticeRepo(db: Kysely<Database>): NoticeRepo {
  const toNotice = (r: { id: string; parcel_id: string; kind: string; number: string; title: string; body: string; published_at: Date | string; published_by: string }): Notice => ({
    id: r.id,
    parcelId: r.parcel_id,
    kind: r.kind as NoticeKind,
    number: r.number,
    title: r.title,
    body: r.body,
    publishedAt: new Date(r.published_at),
    publishedBy: r.published_by,
  });
  return {
    async insert(n) {
      await db
        .insertInto("trading_notice")
        .values({ id: n.id, parcel_id: n.parcelId, kind: n.kind, number: n.number, title: n.title, body: n.body, published_at: n.publishedAt, published_by: n.publishedBy })
        .execute();
    },
    async byParcel(parcelId) {
      const rows = await db.selectFrom("trading_notice").selectAll().where("parcel_id", "=", parcelId).orderBy("published_at").orderBy("number").execute();
      return rows.map(toNotice);
    },
    async list(q) {
      const rows = await db
        .selectFrom("trading_notice as n")
        .innerJoin("trading_parcel as p", "p.id", "n.parcel_id")
        .selectAll("n")
        .select("p.parcel_no")
        .orderBy("n.published_at", "desc")
        .orderBy("n.number", "desc")
        .limit(q.limit)
        .execute();
      return rows.map((r) => ({ ...toNotice(r), parcelNo: r.parcel_no }));
    },
    async nextNumber() {
      const r = await sql<{ n: string | number }>`select nextval('trading_notice_no_seq') as n`.execute(db);
      return Number(r.rows[0]!.n);
    },
  };
}

export function calendarRepo(db: Kysely<Database>): CalendarRepo {
  return {
    async list() {
      const rows = await db.selectFrom("trading_calendar_day").select(["day", "kind", "name"]).orderBy("day").execute();
      return rows.map((r) => ({ day: r.day, kind: r.kind as "holiday" | "workday", name: r.name }));
    },
    async put(d, by, at) {
      await db
        .insertInto("trading_calendar_day")
        .values({ day: d.day, kind: d.kind, name: d.name, created_by: by, created_at: at })
        .onConflict((oc) => oc.column("day").doUpdateSet({ kind: d.kind, name: d.name, created_by: by, created_at: at }))
        .execute();
    },
    async remove(day) {
      const r = await db.deleteFrom("trading_calendar_day").where("day", "=", day).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

export function boardRepo(db: Kysely<Database>): BoardRepo {
  return {
    async append(parcelId, seq, at, message) {
      await db.insertInto("trading_board").values({ parcel_id: parcelId, seq, at, message: JSON.stringify(message) }).execute();
    },
    async after(parcelId, afterSeq, limit) {
      const rows = await db.selectFrom("trading_board").selectAll().where("parcel_id", "=", parcelId).where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute();
      return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.at), message: r.message }));
    },
  };
}

const bytes = (b: Uint8Array) => new Uint8Array(b);

export function reserveRepo(db: Kysely<Database>): ReserveRepo {
  return {
    async get(parcelId) {
      const r = await db.selectFrom("trading_reserve").selectAll().where("parcel_id", "=", parcelId).executeTakeFirst();
      if (!r) return undefined;
      return {
        parcelId: r.parcel_id,
        keyId: r.key_id,
        iv: bytes(r.iv),
        ciphertext: bytes(r.ciphertext),
        tag: bytes(r.tag),
        enteredBy: r.entered_by,
        enteredAt: new Date(r.entered_at),
        confirmedBy: r.confirmed_by,
        confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
        revealedAt: r.revealed_at ? new Date(r.revealed_at) : null,
        revealed: r.revealed_fen === null ? null : fenFromDb(r.revealed_fen),
      };
    },
    async put(r) {
      const values = { key_id: r.keyId, iv: r.iv, ciphertext: r.ciphertext, tag: r.tag, entered_by: r.enteredBy, entered_at: r.enteredAt };
      await db
        .insertInto("trading_reserve")
        .values({ parcel_id: r.parcelId, ...values })
        .onConflict((oc) => oc.column("parcel_id").doUpdateSet(values).where("trading_reserve.confirmed_at", "is", null))
        .execute();
    },
    async confirm(parcelId, by, at) {
      await db.updateTable("trading_reserve").set({ confirmed_by: by, confirmed_at: at }).where("parcel_id", "=", parcelId).execute();
    },
    async discard(parcelId) {
      await db.deleteFrom("trading_reserve").where("parcel_id", "=", parcelId).where("confirmed_at", "is", null).execute();
    },
    async reveal(parcelId, value, at) {
      await db
        .updateTable("trading_reserve")
        .set({ revealed_fen: fenToDb(value), revealed_at: at })
        .where("parcel_id", "=", parcelId)
        .where(sql<boolean>`revealed_at is null`)
        .execute();
    },
  };
}
