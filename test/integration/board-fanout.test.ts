/**
 * The live board across nodes (PostgreSQL LISTEN/NOTIFY): two nodes, each
 * with its own connection pool on one database. A message published on one
 * node reaches the other node's watchers, its own watchers see it once (its
 * own NOTIFY is skipped), and a message too large for a NOTIFY payload
 * travels as a reference the receiver reads back. PostgreSQL only: the
 * embedded database serves a single process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgBoardBus } from "../../src/ops/cluster/pg-board-bus.js";
import type { BoardMessage } from "../../src/trading/live/board-message.js";
import { onPostgres, testDatabasePair } from "../helpers/db.js";
import { opsSystem, type OpsSystem } from "../helpers/ops.js";
import { sleep } from "../helpers/failover-drill.js";

const SLOW = 300_000;

function message(parcelId: string, seq: number, reason: string | null = null): BoardMessage {
  return {
    parcelId,
    seq,
    at: "2026-03-02T01:00:00.000Z",
    kind: "bid",
    bid: { bidId: `bid-${seq}`, bidderNo: "B007", amountFen: String(1_000_000_000 + seq * 10_000_000), at: "2026-03-02T01:00:00.000Z", round: "listing" },
    view: {
      phase: "listing",
      listingStart: "2026-03-02T01:00:00.000Z",
      listingEnd: "2026-03-13T07:00:00.000Z",
      depositCutoff: "2026-03-11T09:00:00.000Z",
      freezeFrom: null,
      highest: null,
      minNextFen: "1010000000",
      bidCount: seq,
      deadline: null,
      deadlineKind: null,
      suspendedReason: reason,
      result: null,
    },
  };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error("timed out");
    await sleep(20);
  }
}

describe.skipIf(!onPostgres)("live board fan-out across nodes (PostgreSQL only: skipped without DATABASE_URL)", () => {
  let pair: Awaited<ReturnType<typeof testDatabasePair>>;
  let a: OpsSystem;
  let b: OpsSystem;

  beforeAll(async () => {
    pair = await testDatabasePair();
    a = await opsSystem({ dbh: pair.a });
    b = await opsSystem({ dbh: pair.b, clock: a.clock });
  }, SLOW);
  afterAll(async () => {
    await a?.c.close();
    await b?.c.close();
    await pair?.close();
  });

  it("a message published on node A reaches node B's watchers in order, and A's own watchers once", async () => {
    expect(a.c.trading.bus).toBeInstanceOf(PgBoardBus);
    const onB: BoardMessage[] = [];
    const onA: BoardMessage[] = [];
    const otherParcel: BoardMessage[] = [];
    const offB = b.c.trading.bus.subscribe("parcel-1", (m) => onB.push(m));
    const offOther = b.c.trading.bus.subscribe("parcel-2", (m) => otherParcel.push(m));
    const offA = a.c.trading.bus.subscribe("parcel-1", (m) => onA.push(m));
    await (b.c.trading.bus as PgBoardBus).start();
    await (a.c.trading.bus as PgBoardBus).start();

    const sent = [1, 2, 3, 4, 5].map((i) => message("parcel-1", i));
    a.c.trading.bus.publish(sent.slice(0, 3));
    a.c.trading.bus.publish(sent.slice(3));
    await until(() => onB.length === 5);
    expect(onB).toEqual(sent);
    await sleep(300); // A's own NOTIFYs have come back by now: they must not be delivered twice
    expect(onA.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(otherParcel).toEqual([]);

    // And the other way round.
    b.c.trading.bus.publish([message("parcel-1", 6)]);
    await until(() => onA.length === 6);
    expect(onA.at(-1)?.seq).toBe(6);
    offA();
    offB();
    offOther();
  }, SLOW);

  it("a message too large for NOTIFY travels as a reference and is read back", async () => {
    const big = message("parcel-9", 42, "停牌说明 ".repeat(2000));
    expect(JSON.stringify(big).length).toBeGreaterThan(8000);
    const fetched: string[] = [];
    const receiver = new PgBoardBus({
      channel: pair.b.notifications!,
      nodeId: "receiver",
      fetch: async (parcelId, seq) => {
        fetched.push(`${parcelId}#${seq}`);
        return big; // what the stored board holds
      },
    });
    const got: BoardMessage[] = [];
    receiver.subscribe("parcel-9", (m) => got.push(m));
    await receiver.start();
    a.c.trading.bus.publish([big]);
    await until(() => got.length === 1);
    expect(fetched).toEqual(["parcel-9#42"]);
    expect(got[0]).toEqual(big);
  }, SLOW);
});
