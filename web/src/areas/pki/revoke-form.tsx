/** Revoke with an RFC 5280 reason, after an explicit confirmation. */
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n/i18n.tsx";
import { REVOKE_REASONS } from "./pki-types.ts";

export function RevokeForm({ busy, onRevoke }: { busy: boolean; onRevoke(reason: string): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState<string>("");
  const [confirm, setConfirm] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason || !confirm) return;
    onRevoke(reason);
    setConfirm(false);
  }

  return (
    <form className="form form-narrow" onSubmit={submit} data-testid="pki-revoke-form">
      <label className="field">
        <span className="field-label">{t("pki.revoke.reason")}</span>
        <select value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="pki-revoke-reason">
          <option value="">{t("pki.revoke.choose")}</option>
          {REVOKE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`pki.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} data-testid="pki-revoke-confirm" />
        <span>{t("pki.revoke.confirm")}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-danger" disabled={busy || !reason || !confirm} data-testid="pki-revoke-submit">
          {t("pki.revoke.submit")}
        </button>
      </div>
    </form>
  );
}
