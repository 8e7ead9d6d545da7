/** Chooses between the public help centre (/help…, no login), the bidder portal (/portal…, certificate login) and the staff app (everything else). */
import { App } from "../app.tsx";
import { isPortalPath, PortalApp } from "../portal/portal-app.tsx";
import { usePath } from "../router.tsx";
import { isPublicPath, PublicApp } from "./public-app.tsx";

export function Root() {
  const path = usePath();
  if (isPublicPath(path)) return <PublicApp />;
  if (isPortalPath(path)) return <PortalApp />;
  return <App />;
}
