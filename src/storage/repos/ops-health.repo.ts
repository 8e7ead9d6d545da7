import type { Kysely, Selectable } from "kysely";
import type { ProbeRepo, ProbeResult, ProbeState, ProbeStatus } from "../../ops/health/health.ports.js";
import type { Database } from "../schema.js";
import type { OpsProbeResultTable, OpsProbeStateTable } from "../tables/ops.js";

const toResult = (r: Selectable<OpsProbeResultTable>): ProbeResult => ({
  probe: r.probe,
  component: r.component,
  at: new Date(r.at),
  ok: r.ok,
  latencyMs: Number(r.latency_ms),
  detail: r.detail,
  nodeId: r.node_id,
});

const toState = (r: Selectable<OpsProbeStateTable>): ProbeState => ({
  probe: r.probe,
  component: r.component,
  status: r.status as ProbeStatus,
  since: new Date(r.since),
  lastAt: new Date(r.last_at),
  consecutiveFailures: r.consecutive_failures,
  lastDetail: r.last_detail,
  incidentOpen: r.incident_open,
});

export function probeRepo(db: Kysely<Database>): ProbeRepo {
  return {
    async insertResult(r) {
      await db
        .insertInto("ops_probe_result")
        .values({ probe: r.probe, component: r.component, at: r.at, ok: r.ok, latency_ms: r.latencyMs, detail: r.detail.slice(0, 2000), node_id: r.nodeId })
        .execute();
    },
    async stateForUpdate(probe) {
      const r = await db.selectFrom("ops_probe_state").selectAll().where("probe", "=", probe).forUpdate().executeTakeFirst();
      return r ? toState(r) : undefined;
    },
    async saveState(s) {
      const row = {
        component: s.component,
        status: s.status,
        since: s.since,
        last_at: s.lastAt,
        consecutive_failures: s.consecutiveFailures,
        last_detail: s.lastDetail.slice(0, 2000),
        incident_open: s.incidentOpen,
      };
      await db
        .insertInto("ops_probe_state")
        .values({ probe: s.probe, ...row })
        .onConflict((oc) => oc.column("probe").doUpdateSet(row))
        .execute();
    },
    async states() {
      return (await db.selectFrom("ops_probe_state").selectAll().orderBy("probe").execute()).map(toState);
    },
    async history(probe, since, limit) {
      let q = db.selectFrom("ops_probe_result").selectAll().where("at", ">=", since);
      if (probe) q = q.where("probe", "=", probe);
      return (await q.orderBy("at").orderBy("id").limit(limit).execute()).map(toResult);
    },
    async recent(perProbe, since) {
      // Per probe (one row each in ops_probe_state), its newest results by the (probe, at) index:
      // a few short index scans, however long the kept history is.
      const rows = await db
        .selectFrom("ops_probe_state as s")
        .innerJoinLateral(
          (eb) => eb.selectFrom("ops_probe_result as r").selectAll("r").whereRef("r.probe", "=", "s.probe").where("r.at", ">=", since).orderBy("r.at", "desc").orderBy("r.id", "desc").limit(perProbe).as("x"),
          (join) => join.onTrue(),
        )
        .selectAll("x")
        .execute();
      const t = (r: (typeof rows)[number]) => new Date(r.at).getTime();
      return rows.sort((a, b) => a.probe.localeCompare(b.probe) || t(a) - t(b) || Number(a.id) - Number(b.id)).map(toResult);
    },
    async prune(before) {
      const r = await db.deleteFrom("ops_probe_result").where("at", "<", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
