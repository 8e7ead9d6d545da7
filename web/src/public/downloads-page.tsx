/** /help/downloads: every current driver and tool file, with the hash to check. */
import { ProblemMessage } from "../components/problem-message.tsx";
import { Link } from "../router.tsx";
import { FileTable } from "./file-table.tsx";
import { useKbText } from "./kb-text.ts";
import { titleOf, type Download } from "./kb-types.ts";
import { useFetch } from "./use-fetch.ts";

export function DownloadsPage() {
  const { t, lang } = useKbText();
  const r = useFetch<{ items: Download[] }>("/api/public/kb/downloads");
  const byArticle = new Map<string, Download[]>();
  if (r.state === "ok") for (const d of r.data.items) byArticle.set(d.article.id, [...(byArticle.get(d.article.id) ?? []), d]);
  return (
    <section className="card" data-testid="help-downloads">
      <h1 className="page-title">{t("help.downloads.title")}</h1>
      <p className="muted">{t("help.downloads.intro")}</p>
      {r.state === "error" && <ProblemMessage problem={r.problem} />}
      {r.state === "ok" && r.data.items.length === 0 && <p>{t("help.downloads.none")}</p>}
      {[...byArticle.values()].map((files) => (
        <div key={files[0]!.article.id} className="kb-download-group">
          <h2>
            <Link to={`/help/articles/${files[0]!.article.slug}`}>{titleOf(files[0]!.article, lang)}</Link>
          </h2>
          <FileTable files={files} />
        </div>
      ))}
    </section>
  );
}
