/** The help centre's search box: submits to /help/search?q=… */
import { useState, type FormEvent } from "react";
import { navigate } from "../router.tsx";
import { useKbText } from "./kb-text.ts";

export function SearchBox({ initial = "", autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const { t } = useKbText();
  const [q, setQ] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = q.trim();
    if (v) navigate(`/help/search?q=${encodeURIComponent(v)}`);
  };
  return (
    <form className="help-search" role="search" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="help-q">
        {t("help.search.label")}
      </label>
      <input
        id="help-q"
        type="search"
        value={q}
        maxLength={100}
        placeholder={t("help.search.placeholder")}
        onChange={(e) => setQ(e.target.value)}
        autoFocus={autoFocus}
        data-testid="help-search-input"
      />
      <button type="submit" className="btn btn-primary" data-testid="help-search-submit">
        {t("help.search.submit")}
      </button>
    </form>
  );
}
