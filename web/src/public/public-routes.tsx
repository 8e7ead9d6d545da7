/**
 * Pages anyone may open without logging in. The staff app is shown for
 * every other path. (Other public pages, e.g. the help centre, add a line.)
 */
import type { ReactElement } from "react";
import { StatusPage } from "./status/status-page.tsx";

export function publicPageFor(path: string): ReactElement | null {
  if (path === "/status" || path.startsWith("/status/")) return <StatusPage />;
  return null;
}
