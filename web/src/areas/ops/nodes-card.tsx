/** Which nodes share the database, which one is the leader (fencing token, lease expiry). */
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { MessageKey } from "../../i18n/zh.ts";
import type { ClusterView } from "./ops-types.ts";

const ROLE_CLASS: Record<string, string> = { leader: "status-on", standby: "status-idle", silent: "status-off", stopped: "status-idle" };

export function NodesCard({ cluster }: { cluster: ClusterView }) {
  const { t, locale } = useI18n();
  const lease = cluster.lease;
  return (
    <section className="card" aria-labelledby="ops-nodes-title" data-testid="ops-nodes">
      <h2 className="card-title" id="ops-nodes-title">
        {t("ops.nodes")}
      </h2>
      <p className="muted" data-testid="ops-nodes-mode">
        {t(cluster.failover ? "ops.nodes.failoverOn" : "ops.nodes.failoverOff")} {t("ops.nodes.leaders", { n: cluster.leaders })}
      </p>
      {lease && (
        <p className={lease.expired ? "status-off" : ""} data-testid="ops-lease">
          {t("ops.nodes.lease", {
            holder: lease.holder,
            epoch: lease.epoch,
            expires: t(lease.expired ? "ops.nodes.leaseExpired" : "ops.nodes.leaseExpires", { time: formatTime(lease.expiresAt, locale) }),
          })}
        </p>
      )}
      <ul className="ops-nodes">
        {cluster.nodes.map((n) => (
          <li key={n.id} className="ops-node" data-testid="ops-node" data-state={n.state} data-self={String(n.self)}>
            <div className="ops-node-head">
              <span className={`status ${ROLE_CLASS[n.state] ?? ""}`} data-testid="ops-node-role">
                {t(`ops.nodes.role.${n.state}` as MessageKey)}
              </span>
              <code className="wrap-anywhere">{n.id}</code>
              {n.self && <span className="role-chip">{t("ops.nodes.self")}</span>}
            </div>
            <dl className="ops-facts">
              <dt>{t("ops.nodes.col.epoch")}</dt>
              <dd data-testid="ops-node-epoch">{n.epoch ?? t("common.none")}</dd>
              <dt>{t("ops.nodes.col.heartbeat")}</dt>
              <dd>{n.heartbeatAt ? formatTime(n.heartbeatAt, locale) : t("ops.nodes.noHeartbeat")}</dd>
              <dt>{t("ops.nodes.col.started")}</dt>
              <dd>{formatTime(n.startedAt, locale)}</dd>
              <dt>{t("ops.nodes.col.node")}</dt>
              <dd className="wrap-anywhere small">
                {n.url} · v{n.version} · pid {n.pid}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
