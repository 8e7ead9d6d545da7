/** Chooses the bidder portal (/portal…, certificate login) or the staff app (everything else). */
import { App } from "./app.tsx";
import { isPortalPath, PortalApp } from "./portal/portal-app.tsx";
import { usePath } from "./router.tsx";

export function Root() {
  return isPortalPath(usePath()) ? <PortalApp /> : <App />;
}
