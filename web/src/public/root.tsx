/** Chooses between the public pages (help centre /help…, status page /status; no login) and the staff app (everything else). */
import { App } from "../app.tsx";
import { usePath } from "../router.tsx";
import { isPublicPath, PublicApp } from "./public-app.tsx";
import { publicPageFor } from "./public-routes.tsx";

export function Root() {
  const path = usePath();
  return publicPageFor(path) ?? (isPublicPath(path) ? <PublicApp /> : <App />);
}
