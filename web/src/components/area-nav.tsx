/**
 * Navigation listing exactly the areas the server granted. On narrow screens
 * it folds into a menu button above the content.
 */
import type { AreaGrant } from "../api/types.ts";
import { isAreaId, areaPath } from "../areas/catalog.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { Link } from "../router.tsx";

export function useAreaLabel(): (id: string) => string {
  const { t } = useI18n();
  return (id) => (isAreaId(id) ? t(`area.${id}`) : id);
}

interface Props {
  areas: AreaGrant[];
  current: string | null;
  open: boolean;
  onToggle(): void;
}

export function AreaNav({ areas, current, open, onToggle }: Props) {
  const { t } = useI18n();
  const label = useAreaLabel();
  const currentLabel = current && areas.some((a) => a.id === current) ? label(current) : null;
  return (
    <nav className={`area-nav ${open ? "is-open" : ""}`} aria-label={t("nav.label")}>
      <button type="button" className="nav-toggle" aria-expanded={open} aria-controls="area-nav-list" onClick={onToggle} data-testid="nav-toggle">
        <span className="nav-toggle-icon" aria-hidden="true">
          ☰
        </span>
        <span>{t("nav.menu")}</span>
        {currentLabel && <span className="nav-toggle-current">· {currentLabel}</span>}
      </button>
      <ul id="area-nav-list" className="nav-list">
        {areas.map((a) => (
          <li key={a.id}>
            <Link
              to={areaPath(a.id)}
              className={`nav-link ${a.id === current ? "is-active" : ""} ${a.built ? "" : "is-unbuilt"}`}
              aria-current={a.id === current ? "page" : undefined}
              data-testid={`nav-${a.id}`}
            >
              <span className="nav-link-label">{label(a.id)}</span>
              {!a.built && <span className="nav-badge">{t("nav.notBuilt")}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
