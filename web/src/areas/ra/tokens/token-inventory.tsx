/** USB key inventory: add keys to stock, report lost/damaged (revokes their certificates, opens a replacement), destroy. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { problemOf } from "../../../api/client.ts";
import type { Problem } from "../../../api/types.ts";
import { Notice, ProblemMessage } from "../../../components/problem-message.tsx";
import { formatTime } from "../../../format.ts";
import { raApi, type Token } from "../ra-api.ts";
import { StateBadge } from "../ra-bits.tsx";
import { useRaText } from "../ra-text.ts";

export function TokenInventory({ canWrite }: { canWrite: boolean }) {
  const { t, locale } = useRaText();
  const [items, setItems] = useState<Token[] | null>(null);
  const [serial, setSerial] = useState("");
  const [model, setModel] = useState("飞天诚信 ePass3003");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await raApi.tokens()).items);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(fn: () => Promise<string>) {
    setProblem(null);
    try {
      setNotice(await fn());
      await load();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  const register = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const tok = await raApi.registerToken({ serial: serial.trim(), model: model.trim() });
      setSerial("");
      return t("ra.tokens.registered", { serial: tok.serial });
    });
  };

  const report = (tok: Token, what: "lost" | "damaged") => {
    if (!window.confirm(t("ra.tokens.confirmReport", { what: t(what === "lost" ? "ra.tokens.lost" : "ra.tokens.damaged") }))) return;
    void act(async () => t("ra.tokens.reported", { n: (await raApi.reportToken(tok.id, what)).revoked.length }));
  };

  return (
    <section className="card" data-testid="ra-tokens">
      <h2 className="card-title">
        {t("ra.tokens.title")}
        {items && <span className="card-count">{items.length}</span>}
      </h2>
      {notice && <Notice text={notice} testId="ra-tokens-notice" />}
      {problem && <ProblemMessage problem={problem} testId="ra-tokens-error" />}
      {canWrite && (
        <form className="form form-inline" onSubmit={register} data-testid="ra-token-form">
          <label className="field">
            <span className="field-label">{t("ra.tokens.serial")}</span>
            <input required value={serial} onChange={(e) => setSerial(e.target.value)} data-testid="ra-token-serial" />
          </label>
          <label className="field">
            <span className="field-label">{t("ra.tokens.model")}</span>
            <input required value={model} onChange={(e) => setModel(e.target.value)} data-testid="ra-token-model" />
          </label>
          <button type="submit" className="btn btn-primary" data-testid="ra-token-register">
            {t("ra.tokens.register")}
          </button>
        </form>
      )}
      {items?.length === 0 && <p className="muted">{t("ra.tokens.none")}</p>}
      {items && items.length > 0 && (
        <table className="data-table stack-on-phone">
          <thead>
            <tr>
              <th>{t("ra.tokens.serial")}</th>
              <th>{t("ra.tokens.model")}</th>
              <th>{t("ra.tokens.state")}</th>
              <th>{t("ra.tokens.holder")}</th>
              <th>{t("ra.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tok) => (
              <tr key={tok.id} data-testid={`ra-token-row-${tok.serial}`}>
                <td data-label={t("ra.tokens.serial")}>
                  <code>{tok.serial}</code>
                </td>
                <td data-label={t("ra.tokens.model")}>{tok.model}</td>
                <td data-label={t("ra.tokens.state")}>
                  <StateBadge state={tok.state} kind="token" />
                </td>
                <td data-label={t("ra.tokens.holder")} className="muted">
                  {tok.applicantId ? `${tok.applicantId.slice(0, 8)}…` : "—"} · {formatTime(tok.updatedAt, locale)}
                </td>
                <td data-label={t("ra.actions")} className="row-actions">
                  {canWrite && tok.state === "issued" && (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => report(tok, "lost")} data-testid="ra-token-lost">
                        {t("ra.tokens.lost")}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => report(tok, "damaged")} data-testid="ra-token-damaged">
                        {t("ra.tokens.damaged")}
                      </button>
                    </>
                  )}
                  {canWrite && (tok.state === "stock" || tok.state === "lost" || tok.state === "damaged") && (
                    <button type="button" className="btn btn-small" onClick={() => void act(async () => `${(await raApi.destroyToken(tok.id)).serial} ✓`)} data-testid="ra-token-destroy">
                      {t("ra.tokens.destroy")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
