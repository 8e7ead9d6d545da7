/** Security-service statistics from its call log: calls by function, errors by code (issue 5, seed §3 "intermittent certificate errors"). */
import { useEffect, useState } from "react";
import { get } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { Overview } from "./ops-types.ts";

type Catalogue = { items: { code: string; zh: string; en: string }[] };

/** The error catalogue's message for each code, in the current language (loaded once; codes alone if it fails). */
function useErrorMessages(lang: "zh" | "en"): Map<string, string> {
  const [items, setItems] = useState<Catalogue["items"]>([]);
  useEffect(() => {
    get<Catalogue>("/api/errors").then(
      (c) => setItems(c.items),
      () => setItems([]),
    );
  }, []);
  return new Map(items.map((i) => [i.code, i[lang]]));
}

export function SecurityCard({ security: s }: { security: Overview["security"] }) {
  const { t, lang } = useI18n();
  const messages = useErrorMessages(lang);
  const errors = s.byCode.filter((c) => c.code !== "OK");
  const fn = { fn: t("ops.security.col.fn"), calls: t("ops.security.col.calls"), errors: t("ops.security.col.errors"), avg: t("ops.security.col.avg") };
  const code = { code: t("ops.security.col.code"), calls: t("ops.security.col.calls"), where: t("ops.security.col.where") };
  const maxCalls = Math.max(1, ...s.byFunction.map((f) => f.calls));
  return (
    <section className="card" aria-labelledby="ops-security-title" data-testid="ops-security" data-calls={s.calls} data-errors={s.errors}>
      <h2 className="card-title" id="ops-security-title">
        {t("ops.security", { hours: s.windowHours })}
      </h2>
      {s.unwritten > 0 && (
        <p className="alert alert-error" data-testid="ops-security-unwritten">
          {t("ops.security.unwritten", { n: s.unwritten })}
        </p>
      )}
      {s.calls === 0 ? (
        <p className="muted" data-testid="ops-security-none">
          {t("ops.security.none", { hours: s.windowHours })}
        </p>
      ) : (
        <>
          <p data-testid="ops-security-total" className={s.errors ? "status-warn" : ""}>
            {t("ops.security.total", { calls: s.calls, errors: s.errors, rate: `${(s.errorRate * 100).toFixed(1)} %` })}
          </p>
          <div className="ops-two">
            <div>
              <h3 className="card-subtitle">{t("ops.security.byFunction")}</h3>
              <table className="data-table stack-on-phone" data-testid="ops-security-functions">
                <thead>
                  <tr>
                    {Object.values(fn).map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {s.byFunction.map((f) => (
                    <tr key={f.fn} data-testid="ops-security-fn" data-fn={f.fn} data-calls={f.calls} data-errors={f.errors}>
                      <td data-label={fn.fn}>
                        <div>
                          <code>{f.fn}</code>
                          <span className="ops-meter" aria-hidden="true">
                            <span className="ops-meter-ok" style={{ width: `${((f.calls - f.errors) / maxCalls) * 100}%` }} />
                            <span className="ops-meter-err" style={{ width: `${(f.errors / maxCalls) * 100}%` }} />
                          </span>
                        </div>
                      </td>
                      <td data-label={fn.calls} className="num">
                        {f.calls}
                      </td>
                      <td data-label={fn.errors} className={`num ${f.errors ? "status-off" : ""}`}>
                        {f.errors}
                      </td>
                      <td data-label={fn.avg} className="num nowrap">
                        {t("ops.ms", { ms: (f.avgMicros / 1000).toFixed(1) })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h3 className="card-subtitle">{t("ops.security.byCode")}</h3>
              {errors.length === 0 ? (
                <p className="muted">{t("ops.security.noErrors")}</p>
              ) : (
                <table className="data-table stack-on-phone" data-testid="ops-security-codes">
                  <thead>
                    <tr>
                      {Object.values(code).map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {errors.map((c) => (
                      <tr key={c.code} data-testid="ops-security-code" data-code={c.code} data-calls={c.calls}>
                        <td data-label={code.code} className="wrap-anywhere">
                          <div>
                            <code>{c.code}</code>
                            {messages.get(c.code) && <div className="small muted">{messages.get(c.code)}</div>}
                          </div>
                        </td>
                        <td data-label={code.calls} className="num">
                          {c.calls}
                        </td>
                        <td data-label={code.where}>{c.functions.join(", ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
