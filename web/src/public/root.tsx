/** Chooses between the public pages (help centre /help…, status page /status; no login), the bidder portal (/portal…, certificate login) and the staff app (everything else). */
import { App } from "../app.tsx";
import { isPortalPath, PortalApp } from "../portal/portal-app.tsx";
import { usePath } from "../router.tsx";
import { isPublicPath, PublicApp } from "./public-app.tsx";
import { publicPageFor } from "./public-routes.tsx";

export function Root() {
  const path = usePath();
  const page = publicPageFor(path);
  if (page) return page;
  if (isPublicPath(path)) return <PublicApp />;
  if (isPortalPath(path)) return <PortalApp />;
  return <App />;
}
