/**
 * The report in plain words: a coloured headline with one sentence, then what
 * is wrong (catalogue message, cause, remedy), who signed, when, the chain
 * and revocation, and the file itself.
 */
import type { ReactNode } from "react";
import { formatTime } from "../../format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { zh as SHARED_ZH, type MessageKey } from "../../i18n/zh.ts";
import { useVerifyT, verifyKey } from "./verify-i18n.ts";
import type { PartyName, VerifyReport } from "./verify-types.ts";

/** The CN of a DN text ("CN=x, O=y"); the whole DN when it has none. */
export function commonNameOf(dn: string): string {
  const cn = dn.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/).find((p) => p.startsWith("CN="));
  return cn ? cn.slice(3) : dn;
}

const isMessageKey = (k: string): k is MessageKey => k in SHARED_ZH;

const nameOf = (p: PartyName | null) => (p ? (p.commonName ?? p.dn) : "—");

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

export function VerifyResultView({ report, fileName, contentName }: { report: VerifyReport; fileName: string; contentName: string | null }) {
  const { vt, lang, locale } = useVerifyT();
  const { t } = useI18n();
  const r = report.result;
  const v = r?.validation ?? null;
  const time = (iso: string | null) => (iso ? formatTime(iso, locale) : vt("none"));
  const word = (prefix: "rev" | "src", k: string | null) => {
    if (!k) return vt("notAvailable");
    const key = verifyKey(`${prefix}.${k}`);
    return key ? vt(key) : k;
  };
  const headline =
    report.outcome === "valid" ? (v?.softFail ? vt("outcome.validSoft") : vt("outcome.valid")) : report.outcome === "invalid" ? vt("outcome.invalid") : vt("outcome.error");
  const s = report.signer;
  const cn = s ? (s.commonName ?? s.dn) : "—";
  const signerText = s?.organization && !cn.includes(s.organization) ? (lang === "zh" ? `${cn}（${s.organization}）` : `${cn} (${s.organization})`) : cn;
  const summary =
    report.outcome === "valid"
      ? vt("summary.valid", { signer: signerText, issuer: nameOf(report.issuer), root: nameOf(report.root) })
      : report.explanation && report.explanation.message[lang] !== headline
        ? vt("summary.invalid", { message: report.explanation.message[lang] })
        : null;
  const ex = report.explanation;
  const reasonText = (reason: string) => (isMessageKey(`pki.reason.${reason}`) ? t(`pki.reason.${reason}` as MessageKey) : reason);
  const rev = v?.revocation;

  return (
    <section className={`card verify-result verify-${report.outcome}`} data-testid="verify-result" data-outcome={report.outcome} data-code={report.code ?? ""} aria-live="polite">
      <div className="verify-banner">
        <span className="verify-mark" aria-hidden="true">
          {report.outcome === "valid" ? "✓" : report.outcome === "invalid" ? "✗" : "!"}
        </span>
        <div>
          <h2 className="verify-headline" data-testid="verify-headline">
            {headline}
          </h2>
          {summary && (
            <p className="verify-summary" data-testid="verify-summary">
              {summary}
            </p>
          )}
        </div>
      </div>

      {ex && (
        <div className="verify-block verify-explain" data-testid="verify-explanation">
          <h3 className="card-subtitle">{vt("section.problem")}</h3>
          <dl className="facts">
            <Row label={vt("f.code")} testId="verify-code">
              <code>{ex.code}</code>
            </Row>
            {ex.cause && (
              <Row label={vt("f.cause")} testId="verify-cause">
                {ex.cause[lang]}
              </Row>
            )}
            {ex.remedy && (
              <Row label={vt("f.remedy")} testId="verify-remedy">
                {ex.remedy[lang]}
              </Row>
            )}
            {report.detail && (
              <Row label={vt("f.detail")}>
                <span className="muted small">{report.detail}</span>
              </Row>
            )}
          </dl>
        </div>
      )}

      {report.signer && (
        <div className="verify-block">
          <h3 className="card-subtitle">{vt("section.signer")}</h3>
          <dl className="facts">
            <Row label={vt("f.commonName")} testId="verify-signer-cn">
              {report.signer.commonName ?? report.signer.dn}
            </Row>
            <Row label={vt("f.organization")} testId="verify-signer-org">
              {report.signer.organization ?? vt("none")}
            </Row>
            <Row label={vt("f.serial")} testId="verify-signer-serial">
              <code className="wrap-anywhere">{report.signer.serial}</code>
            </Row>
            <Row label={vt("f.issuer")} testId="verify-issuer">
              {nameOf(report.issuer)}
            </Row>
            <Row label={vt("f.validity")}>
              {time(report.signer.notBefore)} – {time(report.signer.notAfter)}
            </Row>
            {report.signer.suite && <Row label={vt("f.suite")}>{report.signer.suite}</Row>}
          </dl>
        </div>
      )}

      {r && report.signer && (
        <div className="verify-block">
          <h3 className="card-subtitle">{vt("section.time")}</h3>
          <dl className="facts">
            <Row label={vt("f.signingTime")} testId="verify-signing-time">
              {time(r.signingTime)}
            </Row>
            <Row label={vt("f.timestampTime")} testId="verify-timestamp-time">
              {time(r.timestampTime)}
            </Row>
            {v && <Row label={vt("f.validatedAt")}>{time(v.at)}</Row>}
          </dl>
        </div>
      )}

      {v && (
        <div className="verify-block">
          <h3 className="card-subtitle">{vt("section.trust")}</h3>
          <dl className="facts">
            <Row label={vt("f.chain")} testId="verify-chain">
              {v.chain.length === 0 ? (
                vt("f.chainUntrusted")
              ) : (
                <ol className="verify-chain">
                  {v.chain.map((c) => (
                    <li key={`${c.issuer}|${c.serial}`}>{commonNameOf(c.subject)}</li>
                  ))}
                </ol>
              )}
            </Row>
            <Row label={vt("f.root")} testId="verify-root">
              {report.root ? `${nameOf(report.root)} · ${vt(v.code === "SEC_CHAIN_UNTRUSTED" ? "f.chainUntrusted" : "f.chainTrusted")}` : vt("f.chainUntrusted")}
            </Row>
            <Row label={vt("f.revocation")} testId="verify-revocation">
              <span className={`verify-rev verify-rev-${rev?.status ?? "none"}`} data-status={rev?.status ?? ""}>
                {word("rev", rev?.status ?? null)}
              </span>
            </Row>
            <Row label={vt("f.revocationHow")} testId="verify-revocation-source">
              {word("src", rev?.source ?? null)}
            </Row>
            <Row label={vt("f.checkedAt")}>{time(rev?.checkedAt ?? null)}</Row>
            {rev?.revokedAt && (
              <Row label={vt("f.revokedAt")} testId="verify-revoked-at">
                {time(rev.revokedAt)}
              </Row>
            )}
            {rev?.reason && <Row label={vt("f.reason")}>{reasonText(rev.reason)}</Row>}
          </dl>
        </div>
      )}

      <div className="verify-block">
        <h3 className="card-subtitle">{vt("section.file")}</h3>
        <dl className="facts">
          <Row label={vt("f.fileName")}>{fileName}</Row>
          <Row label={vt("f.encoding")} testId="verify-encoding">
            {report.encoding.toUpperCase()}
          </Row>
          {r && <Row label={vt("f.mode")}>{vt(r.detached ? "mode.detached" : "mode.attached")}</Row>}
          {contentName && <Row label={vt("f.contentName")}>{contentName}</Row>}
        </dl>
      </div>
    </section>
  );
}
