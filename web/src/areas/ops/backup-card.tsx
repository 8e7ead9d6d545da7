/** The latest backup and the latest verified one; make a backup or verify one from here. */
import { useState } from "react";
import { post, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";
import { Notice, ProblemMessage } from "../../components/problem-message.tsx";
import { formatTime, shortHash } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { bytes } from "./duration.ts";
import type { BackupView, Overview } from "./ops-types.ts";

function VerifyLine({ b }: { b: BackupView }) {
  const { t, locale } = useI18n();
  if (!b.verifiedAt) return <span className="status status-idle">{t("ops.backup.notVerified")}</span>;
  const vars = { time: formatTime(b.verifiedAt, locale), by: b.verifiedBy ?? t("common.none") };
  if (b.verifyOk) return <span className="status status-on">{t("ops.backup.verifiedOk", vars)}</span>;
  const failed = b.checks.filter((c) => !c.ok && !c.skipped).map((c) => c.id);
  return <span className="status status-off">{t("ops.backup.verifiedFail", { ...vars, checks: failed.join(", ") })}</span>;
}

function BackupFacts({ b, testId }: { b: BackupView; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <dl className="ops-facts" data-testid={testId} data-backup={b.id} data-verified={String(b.verifyOk)}>
      <dt>{t("ops.backup.time")}</dt>
      <dd>{formatTime(b.createdAt, locale)}</dd>
      <dt>{t("ops.backup.file")}</dt>
      <dd className="wrap-anywhere">
        <code>{b.file ? (b.file.split("/").pop() ?? b.file) : b.id}</code> <span className="small muted">sha256 {shortHash(b.archiveSha256)}</span>
      </dd>
      <dt>{t("ops.backup.size")}</dt>
      <dd>
        {bytes(b.bytes)} · {t("ops.backup.rows")} {b.totalRows}
      </dd>
      <dt>{t("ops.backup.by")}</dt>
      <dd>{b.createdBy}</dd>
      <dt>{t("ops.backup.verify")}</dt>
      <dd data-testid={`${testId}-verify`}>
        <VerifyLine b={b} />
      </dd>
    </dl>
  );
}

/** `now`: the server time of the overview (freshness is judged on the server clock, not the device). */
export function BackupCard({ backups, now, onChanged }: { backups: Overview["backups"]; now: string; onChanged(): Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<"create" | "verify" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { latest, latestVerified } = backups;
  const fresh = latestVerified?.verifiedAt && Date.parse(latestVerified.verifiedAt) > Date.parse(now) - backups.maxAgeHours * 3_600_000;

  async function act(kind: "create" | "verify") {
    setBusy(kind);
    setNotice(null);
    setProblem(null);
    try {
      const b = await post<BackupView>(kind === "create" ? "/api/ops/backups" : `/api/ops/backups/${encodeURIComponent(latest!.id)}/verify`, {});
      await onChanged();
      setNotice(kind === "create" ? t("ops.backup.created", { file: b.file ?? b.id }) : t("ops.backup.verifiedNotice", { result: b.verifyOk ? "OK" : "FAILED" }));
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="ops-backup-title" data-testid="ops-backup">
      <h2 className="card-title" id="ops-backup-title">
        {t("ops.backup")}
      </h2>
      {!fresh && (
        <p className="alert alert-warn" data-testid="ops-backup-stale">
          {t("ops.backup.tooOld", { hours: backups.maxAgeHours })}
        </p>
      )}
      {latest ? (
        <>
          <h3 className="card-subtitle">{t("ops.backup.latest")}</h3>
          <BackupFacts b={latest} testId="ops-backup-latest" />
        </>
      ) : (
        <p className="muted" data-testid="ops-backup-none">
          {t("ops.backup.none")}
        </p>
      )}
      {latestVerified && latestVerified.id !== latest?.id && (
        <>
          <h3 className="card-subtitle">{t("ops.backup.latestVerified")}</h3>
          <BackupFacts b={latestVerified} testId="ops-backup-verified" />
        </>
      )}
      <div className="ops-actions">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void act("create")} data-testid="ops-backup-create">
          {busy === "create" ? t("ops.backup.creating") : t("ops.backup.create")}
        </button>
        {latest?.file && (
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void act("verify")} data-testid="ops-backup-verify">
            {busy === "verify" ? t("ops.backup.verifying") : t("ops.backup.verifyNow")}
          </button>
        )}
      </div>
      <div aria-live="polite">
        {notice && <Notice text={notice} testId="ops-backup-notice" />}
        {problem && <ProblemMessage problem={problem} testId="ops-backup-error" />}
      </div>
    </section>
  );
}
