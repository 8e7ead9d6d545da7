/** Chooses between the public help centre (/help…, no login) and the staff app (everything else). */
import { App } from "../app.tsx";
import { usePath } from "../router.tsx";
import { isPublicPath, PublicApp } from "./public-app.tsx";

export function Root() {
  return isPublicPath(usePath()) ? <PublicApp /> : <App />;
}
