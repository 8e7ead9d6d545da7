import { sql, type Kysely } from "kysely";

// Online trading: parcels (with the engine's state), the engine's event log,
// notices, the working-day calendar, applications, deposits (payments and
// refunds), the sealed reserve price, the signed bid log and the live board.
// Amounts are bigint fen. Applications and bids are filled in by the
// bidder-facing half (certificate login), which builds on the RA.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trading_parcel")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("parcel_no", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("district", "text", (c) => c.notNull())
    .addColumn("area_m2", "numeric(14, 2)", (c) => c.notNull().check(sql`area_m2 > 0`))
    .addColumn("land_use", "text", (c) => c.notNull())
    .addColumn("term_years", "integer", (c) => c.notNull().check(sql`term_years between 1 and 70`))
    .addColumn("plot_ratio", "text", (c) => c.notNull())
    .addColumn("planning", "jsonb", (c) => c.notNull())
    .addColumn("start_price_fen", "bigint", (c) => c.notNull().check(sql`start_price_fen > 0`))
    .addColumn("increment_fen", "bigint", (c) => c.notNull().check(sql`increment_fen > 0`))
    .addColumn("deposit_fen", "bigint", (c) => c.notNull().check(sql`deposit_fen >= 0`))
    .addColumn("qualification_mode", "text", (c) => c.notNull().check(sql`qualification_mode in ('before', 'after')`))
    .addColumn("rules", "jsonb", (c) => c.notNull())
    .addColumn("listing_start", "timestamptz", (c) => c.notNull())
    .addColumn("listing_end", "timestamptz", (c) => c.notNull())
    .addColumn("deposit_cutoff", "timestamptz", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    // The next instant a deadline of this sale falls due (null = none); the jobs themselves are scheduler rows.
    .addColumn("next_due_at", "timestamptz")
    .addColumn("event_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("board_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("bid_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("bid_head", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("trading_parcel_phase_idx").on("trading_parcel").column("phase").execute();
  await db.schema.createIndex("trading_parcel_due_idx").on("trading_parcel").column("next_due_at").execute();

  // Every event applied to a sale, in order: the sale can be replayed from it.
  await db.schema
    .createTable("trading_event")
    .addColumn("parcel_id", "text", (c) => c.notNull().references("trading_parcel.id"))
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("event", "jsonb", (c) => c.notNull())
    .addColumn("phase_after", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trading_event_pk", ["parcel_id", "seq"])
    .execute();

  // Notice numbers (…〔2026〕第N号) from a sequence: unique across nodes without a lock.
  await sql`create sequence trading_notice_no_seq start 1`.execute(db);
  await db.schema
    .createTable("trading_notice")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("parcel_id", "text", (c) => c.notNull().references("trading_parcel.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('announcement', 'supplementary', 'materialChange', 'suspension', 'resumption', 'termination', 'result')`),
    )
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("trading_notice_parcel_idx").on("trading_notice").columns(["parcel_id", "published_at"]).execute();

  await db.schema
    .createTable("trading_calendar_day")
    .addColumn("day", "text", (c) => c.primaryKey().check(sql`day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("trading_application")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("parcel_id", "text", (c) => c.notNull().references("trading_parcel.id"))
    .addColumn("applicant_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('sole', 'joint')`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("members", "jsonb", (c) => c.notNull())
    .addColumn("payer_accounts", sql`text[]`, (c) => c.notNull())
    .addColumn("bidder_no", "text", (c) => c.notNull())
    .addColumn("deposit_account", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('submitted', 'qualified', 'rejected', 'withdrawn')`))
    .addColumn("rejection_reason", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "timestamptz")
    .addColumn("deposit_status", "text", (c) => c.notNull().check(sql`deposit_status in ('awaiting', 'partial', 'confirmed', 'late', 'earnest', 'refunding', 'refunded', 'held')`))
    .addColumn("deposit_received_fen", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("deposit_arrived_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("trading_application_one_per_bidder", ["parcel_id", "applicant_id"])
    .addUniqueConstraint("trading_application_bidder_no", ["parcel_id", "bidder_no"])
    .execute();

  // Money arriving at the deposit account (bank callbacks and statement lines), matched or flagged.
  await db.schema
    .createTable("trading_payment")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('callback', 'statement')`))
    .addColumn("bank_ref", "text", (c) => c.notNull().unique())
    .addColumn("sub_account", "text", (c) => c.notNull())
    .addColumn("payer_account", "text", (c) => c.notNull())
    .addColumn("payer_name", "text", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn("arrived_at", "timestamptz", (c) => c.notNull())
    .addColumn("application_id", "text", (c) => c.references("trading_application.id"))
    .addColumn("parcel_id", "text", (c) => c.references("trading_parcel.id"))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("review", "text", (c) => c.notNull().check(sql`review in ('none', 'open', 'resolved')`))
    .addColumn("review_note", "text")
    .addColumn("reviewed_by", "text")
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("raw", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("trading_payment_app_idx").on("trading_payment").column("application_id").execute();
  await db.schema.createIndex("trading_payment_review_idx").on("trading_payment").column("review").execute();

  await db.schema
    .createTable("trading_refund")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("parcel_id", "text", (c) => c.references("trading_parcel.id"))
    .addColumn("application_id", "text", (c) => c.references("trading_application.id"))
    .addColumn("payment_id", "text", (c) => c.references("trading_payment.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("amount_fen", "bigint", (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn("payee_account", "text", (c) => c.notNull())
    .addColumn("payee_name", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('due', 'sent', 'confirmed')`))
    .addColumn("bank_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addColumn("sent_by", "text")
    .addColumn("confirmed_at", "timestamptz")
    .execute();
  await db.schema.createIndex("trading_refund_status_idx").on("trading_refund").columns(["status", "due_date"]).execute();
  // One refund per application and one per stray payment.
  await sql`create unique index trading_refund_app_uq on trading_refund (application_id) where application_id is not null`.execute(db);
  await sql`create unique index trading_refund_payment_uq on trading_refund (payment_id) where payment_id is not null`.execute(db);

  // The sealed reserve price: AES-256-GCM ciphertext under a data key; never in clear until the result.
  await db.schema
    .createTable("trading_reserve")
    .addColumn("parcel_id", "text", (c) => c.primaryKey().references("trading_parcel.id"))
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("iv", "bytea", (c) => c.notNull())
    .addColumn("ciphertext", "bytea", (c) => c.notNull())
    .addColumn("tag", "bytea", (c) => c.notNull())
    .addColumn("entered_by", "text", (c) => c.notNull())
    .addColumn("entered_at", "timestamptz", (c) => c.notNull())
    .addColumn("confirmed_by", "text")
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("revealed_at", "timestamptz")
    .addColumn("revealed_fen", "bigint")
    .execute();

  // The per-parcel bid log: signed bid, TSA token, signed receipt; hash-chained like the audit log.
  await db.schema
    .createTable("trading_bid")
    .addColumn("parcel_id", "text", (c) => c.notNull().references("trading_parcel.id"))
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("application_id", "text", (c) => c.notNull().references("trading_application.id"))
    .addColumn("bidder_no", "text", (c) => c.notNull())
    .addColumn("client_bid_id", "text", (c) => c.notNull())
    .addColumn("round", "text", (c) => c.notNull().check(sql`round in ('listing', 'timed')`))
    .addColumn("amount_fen", "bigint", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("signature", "bytea", (c) => c.notNull())
    .addColumn("cert_serial", "text", (c) => c.notNull())
    .addColumn("tsa_token", "bytea", (c) => c.notNull())
    .addColumn("receipt", "bytea", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trading_bid_pk", ["parcel_id", "seq"])
    .addUniqueConstraint("trading_bid_client_id", ["application_id", "client_bid_id"])
    .execute();

  // Anonymised live-board messages, numbered per parcel, for reconnect catch-up.
  await db.schema
    .createTable("trading_board")
    .addColumn("parcel_id", "text", (c) => c.notNull().references("trading_parcel.id"))
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("message", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("trading_board_pk", ["parcel_id", "seq"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "trading_board",
    "trading_bid",
    "trading_reserve",
    "trading_refund",
    "trading_payment",
    "trading_application",
    "trading_calendar_day",
    "trading_notice",
    "trading_event",
    "trading_parcel",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop sequence if exists trading_notice_no_seq`.execute(db);
}
