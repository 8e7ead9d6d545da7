import type { Kysely } from "kysely";
import type { NodeRepo, NodeRole } from "../../ops/cluster/cluster.ports.js";
import type { Database } from "../schema.js";

export function nodeRepo(db: Kysely<Database>): NodeRepo {
  return {
    async upsert(n) {
      const row = {
        hostname: n.hostname,
        pid: n.pid,
        url: n.url,
        version: n.version,
        role: n.role,
        epoch: n.epoch,
        started_at: n.startedAt,
        heartbeat_at: n.heartbeatAt,
        stopped_at: n.stoppedAt,
      };
      await db
        .insertInto("ops_node")
        .values({ id: n.id, ...row })
        .onConflict((oc) => oc.column("id").doUpdateSet(row))
        .execute();
    },
    async list() {
      const rows = await db.selectFrom("ops_node").selectAll().orderBy("started_at").execute();
      return rows.map((r) => ({
        id: r.id,
        hostname: r.hostname,
        pid: r.pid,
        url: r.url,
        version: r.version,
        role: r.role as NodeRole,
        epoch: r.epoch === null ? null : Number(r.epoch),
        startedAt: new Date(r.started_at),
        heartbeatAt: new Date(r.heartbeat_at),
        stoppedAt: r.stopped_at ? new Date(r.stopped_at) : null,
      }));
    },
    async prune(before) {
      const r = await db.deleteFrom("ops_node").where("heartbeat_at", "<", before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
