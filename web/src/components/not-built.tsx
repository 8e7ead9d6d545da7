/**
 * An area the server lists as not built: says so in both languages (the
 * current one first) and what the area will do. No sample data.
 */
import { isAreaId } from "../areas/catalog.ts";
import { bothLangs, useI18n, type Lang } from "../i18n/i18n.tsx";
import { useAreaLabel } from "./area-nav.tsx";

const LANG_TAG: Record<Lang, string> = { zh: "zh-CN", en: "en" };

export function NotBuilt({ areaId }: { areaId: string }) {
  const { lang } = useI18n();
  const label = useAreaLabel();
  const title = bothLangs("notBuilt.title");
  const planIntro = bothLangs("notBuilt.plan");
  const plan = isAreaId(areaId) ? bothLangs(`plan.${areaId}`) : null;
  const order: Lang[] = lang === "zh" ? ["zh", "en"] : ["en", "zh"];

  return (
    <section className="page" data-testid="area-not-built" data-area={areaId}>
      <h1 className="page-title">{label(areaId)}</h1>
      <div className="placeholder">
        {order.map((l, i) => (
          <div key={l} lang={LANG_TAG[l]} className={i === 0 ? "placeholder-primary" : "placeholder-secondary"}>
            <p className="placeholder-title">{title[l]}</p>
            {plan && (
              <p>
                {planIntro[l]} {plan[l]}
              </p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
