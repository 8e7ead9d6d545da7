/**
 * The generic scheduler on a real database (PGlite, or PostgreSQL with
 * DATABASE_URL — there with two connection pools, like two nodes):
 * idempotent scheduling, exactly-once effects under two instances, rollback
 * and retry of a failing handler, crash/restart safety, leader leases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock, MINUTE } from "../../src/app/clock.js";
import { LeaderLease } from "../../src/ops/scheduler/leader-lease.js";
import { SchedulerLoop } from "../../src/ops/scheduler/scheduler-loop.js";
import { Scheduler } from "../../src/ops/scheduler/scheduler.js";
import { AppError } from "../../src/shared/errors.js";
import { createStore, type Repos, type Store } from "../../src/storage/store.js";
import { testDatabasePair } from "../helpers/db.js";

const T0 = "2026-03-02T01:00:00.000Z";

describe("scheduler", () => {
  let pair: Awaited<ReturnType<typeof testDatabasePair>>;
  let storeA: Store;
  let storeB: Store;

  beforeAll(async () => {
    pair = await testDatabasePair();
    storeA = createStore(pair.a.db);
    storeB = createStore(pair.b.db);
  });
  afterAll(() => pair.close());

  /** An effect the handler writes in its transaction: one audit entry per run. */
  const effect = (r: Repos, subject: string, at: Date) => r.audit.append({ actor: "system:test", action: "test.job.ran", subject }, at);
  const effects = async (subject: string) => (await storeA.read.audit.list({ subject, limit: 100 })).length;

  it("schedule is an idempotent upsert on (kind, key); a job that ran stays done; cancel removes only open jobs", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    s.register("t.idem", async (job, r, ctx) => void (await effect(r, `idem:${job.key}`, ctx.now)));
    const due = new Date(clock.now().getTime() + 10 * MINUTE);
    expect(await storeA.tx((r) => s.schedule(r, { kind: "t.idem", key: "k1", dueAt: due, payload: { n: 1 } }))).toBe("scheduled");
    const later = new Date(due.getTime() + MINUTE);
    expect(await storeA.tx((r) => s.schedule(r, { kind: "t.idem", key: "k1", dueAt: later, payload: { n: 2 } }))).toBe("rescheduled");
    const rows = await s.list({ kind: "t.idem" });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dueAt.toISOString()).toBe(later.toISOString());
    expect(rows[0]!.payload).toEqual({ n: 2 });

    // Not due yet at `due` (it moved); due at `later`.
    expect((await s.tick(due)).claimed).toBe(0);
    expect(await s.tick(later)).toMatchObject({ claimed: 1, done: 1 });
    expect(await effects("idem:k1")).toBe(1);
    // Already done: scheduling again (e.g. replayed after a restart) does not repeat it.
    expect(await storeA.tx((r) => s.schedule(r, { kind: "t.idem", key: "k1", dueAt: later }))).toBe("already-done");
    expect((await s.tick(new Date(later.getTime() + MINUTE))).claimed).toBe(0);
    expect(await effects("idem:k1")).toBe(1);

    await storeA.tx((r) => s.schedule(r, { kind: "t.idem", key: "k2", dueAt: later }));
    expect(await storeA.tx((r) => s.cancel(r, "t.idem", "k2"))).toBe(true);
    expect(await storeA.tx((r) => s.cancel(r, "t.idem", "k1"))).toBe(false);
    expect((await s.list({ kind: "t.idem", state: "done" })).map((j) => j.key)).toEqual(["k1"]);
    expect(await s.list({ kind: "t.idem", state: "open" })).toEqual([]);
  });

  it("schedule inside a transaction that rolls back leaves no job", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    await expect(
      storeA.tx(async (r) => {
        await s.schedule(r, { kind: "t.rollback", key: "x", dueAt: clock.now() });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await storeA.read.scheduler.get("t.rollback", "x")).toBeUndefined();
  });

  it("rejects bad input with a coded error", async () => {
    const s = new Scheduler(storeA, new FakeClock(T0));
    const bad = async (input: Parameters<Scheduler["schedule"]>[1]) => {
      const e = await storeA.tx((r) => s.schedule(r, input)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("SCHEDULER_JOB_INVALID");
    };
    await bad({ kind: "Bad Kind", key: "k", dueAt: new Date(T0) });
    await bad({ kind: "t.ok", key: "", dueAt: new Date(T0) });
    await bad({ kind: "t.ok", key: "k", dueAt: new Date("nonsense") });
    await bad({ kind: "t.ok", key: "k", dueAt: new Date(T0), payload: { big: "x".repeat(70_000) } });
    s.register("t.dup", async () => undefined);
    expect(() => s.register("t.dup", async () => undefined)).toThrow(/registered twice/);
  });

  it("runs due jobs in due order and only those of kinds it handles", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    const seen: string[] = [];
    s.register("t.order", async (job) => void seen.push(job.key));
    await storeA.tx(async (r) => {
      for (const [key, min] of [["c", 3], ["a", 1], ["b", 2], ["late", 60]] as const) {
        await s.schedule(r, { kind: "t.order", key, dueAt: new Date(clock.now().getTime() + min * MINUTE) });
      }
      await s.schedule(r, { kind: "t.someone-else", key: "z", dueAt: clock.now() });
    });
    clock.advance(5 * MINUTE);
    expect(await s.tick()).toMatchObject({ claimed: 3, done: 3 });
    expect(seen).toEqual(["a", "b", "c"]);
    expect((await storeA.read.scheduler.get("t.someone-else", "z"))!.claimedBy).toBeNull();
  });

  it("a handler that throws rolls back its effect; the job is retried with backoff and then succeeds", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    let fail = true;
    s.register("t.crash", async (job, r, ctx) => {
      await effect(r, `crash:${job.key}`, ctx.now);
      if (fail) throw new AppError("SCHEDULER_JOB_INVALID", { detail: "simulated crash mid-handler" });
    });
    await storeA.tx((r) => s.schedule(r, { kind: "t.crash", key: "j", dueAt: clock.now() }));
    expect(await s.tick()).toMatchObject({ claimed: 1, retried: 1, done: 0 });
    expect(await effects("crash:j")).toBe(0);
    const row = (await storeA.read.scheduler.get("t.crash", "j"))!;
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("simulated crash mid-handler");
    expect(row.dueAt.getTime() - clock.now().getTime()).toBe(30_000);
    expect(row.claimedBy).toBeNull();

    clock.advance(29_999);
    expect((await s.tick()).claimed).toBe(0);
    fail = false;
    clock.advance(1);
    expect(await s.tick()).toMatchObject({ claimed: 1, done: 1 });
    expect(await effects("crash:j")).toBe(1);
  });

  it("gives up after maxAttempts and keeps the row, marked failed", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    s.register("t.poison", async () => {
      throw new Error("always broken");
    }, { retry: { maxAttempts: 3 } });
    await storeA.tx((r) => s.schedule(r, { kind: "t.poison", key: "p", dueAt: clock.now() }));
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(await s.tick());
      clock.advance(10 * MINUTE);
    }
    expect(outcomes.map((o) => [o.retried, o.gaveUp])).toEqual([[1, 0], [1, 0], [0, 1], [0, 0], [0, 0]]);
    const row = (await storeA.read.scheduler.get("t.poison", "p"))!;
    expect(row.failedAt).not.toBeNull();
    expect(row.attempts).toBe(3);
    expect((await s.list({ kind: "t.poison", state: "failed" })).length).toBe(1);
    // A failed row is not re-opened by scheduling it again.
    expect(await storeA.tx((r) => s.schedule(r, { kind: "t.poison", key: "p", dueAt: clock.now() }))).toBe("already-done");
  });

  it("a handler can move its own job to later instead of completing it", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    let runs = 0;
    s.register("t.later", async (_job, _r, ctx) => {
      runs += 1;
      if (runs === 1) return { rescheduleAt: new Date(ctx.now.getTime() + 5 * MINUTE) };
    });
    await storeA.tx((r) => s.schedule(r, { kind: "t.later", key: "l", dueAt: clock.now() }));
    expect(await s.tick()).toMatchObject({ rescheduled: 1 });
    clock.advance(5 * MINUTE - 1);
    expect((await s.tick()).claimed).toBe(0);
    clock.advance(1);
    expect(await s.tick()).toMatchObject({ done: 1 });
    expect((await storeA.read.scheduler.get("t.later", "l"))!.attempts).toBe(0);
  });

  it("two instances ticking concurrently never run a job twice", async () => {
    const clock = new FakeClock(T0);
    const runs = new Map<string, string[]>();
    const make = (store: Store, name: string) => {
      const s = new Scheduler(store, clock, { batchSize: 7, workerId: name });
      s.register("t.race", async (job, r, ctx) => {
        runs.set(job.key, [...(runs.get(job.key) ?? []), name]);
        await effect(r, `race:${job.key}`, ctx.now);
      });
      return s;
    };
    const a = make(storeA, "node-a");
    const b = make(storeB, "node-b");
    const N = 120;
    await storeA.tx(async (r) => {
      for (let i = 0; i < N; i++) await a.schedule(r, { kind: "t.race", key: `j${i}`, dueAt: clock.now() });
    });
    for (let round = 0; round < 40; round++) {
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      if (ra.claimed + rb.claimed === 0) break;
    }
    expect(runs.size).toBe(N);
    for (const [key, who] of runs) expect(who, key).toHaveLength(1);
    const byNode = [...runs.values()].flat();
    // Both took part (on PostgreSQL truly in parallel; on PGlite interleaved on one connection).
    expect(new Set(byNode)).toEqual(new Set(["node-a", "node-b"]));
    for (let i = 0; i < N; i += 17) expect(await effects(`race:j${i}`)).toBe(1);
    expect(await a.list({ kind: "t.race", state: "open" })).toEqual([]);
  });

  it("a slow handler keeps its row even after its claim expires: the other instance skips it", async () => {
    const clock = new FakeClock(T0);
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let started!: () => void;
    const startedP = new Promise<void>((res) => (started = res));
    const runs: string[] = [];
    const a = new Scheduler(storeA, clock, { workerId: "slow-a", claimTtlMs: MINUTE });
    const b = new Scheduler(storeB, clock, { workerId: "fast-b", claimTtlMs: MINUTE });
    a.register("t.slow", async (job, r, ctx) => {
      runs.push("a");
      started();
      await gate;
      await effect(r, `slow:${job.key}`, ctx.now);
    });
    b.register("t.slow", async (job, r, ctx) => {
      runs.push("b");
      await effect(r, `slow:${job.key}`, ctx.now);
    });
    await storeA.tx((r) => a.schedule(r, { kind: "t.slow", key: "s", dueAt: clock.now() }));
    const ta = a.tick();
    await startedP;
    // A's claim has expired by B's clock; the row is still locked by A's transaction.
    const tb = b.tick(new Date(clock.now().getTime() + 2 * MINUTE));
    setTimeout(release, 100);
    const [ra, rb] = await Promise.all([ta, tb]);
    expect(ra.done).toBe(1);
    expect(rb.done).toBe(0);
    expect(runs).toEqual(["a"]);
    expect(await effects("slow:s")).toBe(1);
  });

  it("restart-safe: a job claimed by an instance that died is taken over once its claim expires", async () => {
    const clock = new FakeClock(T0);
    await storeA.tx(async (r) => {
      await new Scheduler(storeA, clock).schedule(r, { kind: "t.restart", key: "r", dueAt: clock.now() });
      // The old process claimed it and died before running it.
      await r.scheduler.claimDue({ now: clock.now(), kinds: ["t.restart"], limit: 10, claimer: "dead-node", claimUntil: new Date(clock.now().getTime() + 2 * MINUTE) });
    });
    const fresh = new Scheduler(storeB, clock, { workerId: "new-node" });
    let runs = 0;
    fresh.register("t.restart", async () => void (runs += 1));
    expect((await fresh.tick()).claimed).toBe(0);
    clock.advance(2 * MINUTE);
    expect(await fresh.tick()).toMatchObject({ claimed: 1, done: 1 });
    expect(await fresh.tick(new Date(clock.now().getTime() + 60 * MINUTE))).toMatchObject({ claimed: 0 });
    expect(runs).toBe(1);
  });

  it("external handlers: side effect outside the transaction, completion inside; failures retried", async () => {
    const clock = new FakeClock(T0);
    const s = new Scheduler(storeA, clock);
    const sent: string[] = [];
    let down = true;
    s.registerExternal<{ to: string }>("t.external", async (job, ctx) => {
      if (down) throw new Error("relay unreachable");
      sent.push(job.payload.to);
      return (r) => effect(r, `external:${job.key}`, ctx.now).then(() => undefined);
    });
    await storeA.tx((r) => s.schedule(r, { kind: "t.external", key: "m1", dueAt: clock.now(), payload: { to: "a@example.org" } }));
    expect(await s.tick()).toMatchObject({ retried: 1 });
    expect(sent).toEqual([]);
    down = false;
    clock.advance(30_000);
    expect(await s.tick()).toMatchObject({ done: 1 });
    expect(sent).toEqual(["a@example.org"]);
    expect(await effects("external:m1")).toBe(1);
  });

  it("leader lease: one holder at a time, expiry on the injected clock, fencing epoch, release", async () => {
    const clock = new FakeClock(T0);
    const a = new LeaderLease(storeA, clock, { name: "t.singleton", ttlMs: 15_000, holder: "node-a" });
    const b = new LeaderLease(storeB, clock, { name: "t.singleton", ttlMs: 15_000, holder: "node-b" });
    const ha = await a.acquire();
    expect(ha).not.toBeNull();
    expect(await b.acquire()).toBeNull();
    clock.advance(10_000);
    const renewed = await a.renew();
    expect(renewed!.epoch).toBe(ha!.epoch);
    clock.advance(10_000);
    expect(await b.acquire()).toBeNull(); // renewed at +10 s, holds till +25 s
    await storeA.tx((r) => a.assertHeld(r, ha!.epoch));

    clock.advance(6_000); // a stalled: past its lease
    expect(a.isHeld()).toBe(false);
    const hb = await b.acquire();
    expect(hb!.epoch).toBe(ha!.epoch + 1);
    const lost = await storeA.tx((r) => a.assertHeld(r, ha!.epoch)).catch((e: unknown) => e);
    expect((lost as AppError).code).toBe("SCHEDULER_LEASE_LOST");
    expect(await a.acquire()).toBeNull();

    await b.release();
    const again = await a.acquire();
    expect(again!.epoch).toBe(hb!.epoch + 1);
    expect((await a.current())!.holder).toBe("node-a");
  });

  it("SchedulerLoop ticks only while it holds the lease, and runs due jobs on its own", async () => {
    const clock = new FakeClock(T0);
    const mk = (store: Store, name: string) => {
      const s = new Scheduler(store, clock, { workerId: name });
      s.register("t.loop", async (job, r, ctx) => void (await effect(r, `loop:${job.key}:${name}`, ctx.now)));
      return new SchedulerLoop(s, { intervalMs: 20, lease: new LeaderLease(store, clock, { name: "t.scheduler", holder: name }) });
    };
    const la = mk(storeA, "loop-a");
    const lb = mk(storeB, "loop-b");
    expect(await la.beat()).not.toBeNull();
    expect(await lb.beat()).toBeNull();
    await storeA.tx((r) => new Scheduler(storeA, clock).schedule(r, { kind: "t.loop", key: "x", dueAt: clock.now() }));
    la.start();
    lb.start();
    for (let i = 0; i < 100 && (await effects("loop:x:loop-a")) === 0; i++) await new Promise((res) => setTimeout(res, 20));
    await la.stop();
    await lb.stop();
    expect(await effects("loop:x:loop-a")).toBe(1);
    expect(await effects("loop:x:loop-b")).toBe(0);
    // After A stops (lease released), B takes over at once.
    expect(await lb.beat()).not.toBeNull();
  });
});
