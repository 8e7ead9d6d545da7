/**
 * Path → screen: "/" goes to the first granted area; a granted area shows its
 * screen (or "not built"); a known area without the role says "no access";
 * anything else is "not found".
 */
import { useEffect } from "react";
import type { Session } from "../api/types.ts";
import { AccountPage } from "../areas/account/account-page.tsx";
import { AuditPage } from "../areas/audit/audit-page.tsx";
import { OpsPage } from "../areas/ops/ops-page.tsx";
import { PkiArea } from "../areas/pki/pki-area.tsx";
import { areaPath, isAreaId } from "../areas/catalog.ts";
import { RaPage } from "../areas/ra/ra-page.tsx";
import { StaffPage } from "../areas/staff/staff-page.tsx";
import { SupervisionPage } from "../areas/supervision/supervision-page.tsx";
import { TradingPage } from "../areas/trading/trading-page.tsx";
import { SupportArea } from "../areas/support/support-area.tsx";
import { kbRoute } from "../areas/support/kb/kb-route.tsx";
import { VerifyPage } from "../areas/verify/verify-page.tsx";
import { navigate } from "../router.tsx";
import { NoAccess } from "./no-access.tsx";
import { NotBuilt } from "./not-built.tsx";
import { NotFound } from "./not-found.tsx";

const AREAS_WITH_SUBPAGES = new Set(["trading", "supervision", "support", "pki"]);

interface Props {
  session: Session;
  path: string;
  onPasswordChanged(): void;
}

export function AreaOutlet({ session, path, onPasswordChanged }: Props) {
  const first = session.areas[0];
  const home = first ? areaPath(first.id) : "/";
  const segments = path.split("/").filter(Boolean);
  const id = segments[0] ?? null;

  useEffect(() => {
    if (id === null && first) navigate(home, { replace: true });
  }, [id, first, home]);

  if (id === null) return null;
  // Knowledge-base editor at /support/kb… (support-kb); the rest of the support area is routed below.
  const kb = kbRoute(path, session);
  if (kb) return kb;
  // Areas with their own sub-pages route the rest of the path themselves; the others have one page.
  if (segments.length > 1 && !AREAS_WITH_SUBPAGES.has(id)) return <NotFound path={path} home={home} />;
  const grant = session.areas.find((a) => a.id === id);
  if (!grant) return isAreaId(id) ? <NoAccess areaId={id} home={home} /> : <NotFound path={path} home={home} />;
  if (!grant.built) return <NotBuilt areaId={id} />;

  switch (id) {
    case "trading":
      return <TradingPage path={path} role="admin" />;
    case "supervision":
      return <SupervisionPage path={path} />;
    case "staff":
      return <StaffPage me={session.user} />;
    case "audit":
      return <AuditPage />;
    case "ra":
      return <RaPage session={session} />;
    case "support":
      return <SupportArea session={session} path={path} />;
    case "pki":
      return <PkiArea session={session} rest={segments.slice(1)} path={path} />;
    case "verify":
      return <VerifyPage />;
    case "ops":
      return <OpsPage />;
    case "account":
      return <AccountPage session={session} onPasswordChanged={onPasswordChanged} />;
    default:
      // The server says built, but this web app has no screen for it yet.
      return <NotBuilt areaId={id} />;
  }
}
