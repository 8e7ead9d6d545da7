/**
 * Pages anyone may open without logging in. The staff app is shown for
 * every other path. (Other public pages, e.g. the help centre, add a line.)
 */
import type { ReactElement } from "react";
import { BoardPage } from "../board/board-page.tsx";
import { StatusPage } from "./status/status-page.tsx";

export function publicPageFor(path: string): ReactElement | null {
  if (path === "/status" || path.startsWith("/status/")) return <StatusPage />;
  // The big-screen board of one parcel's sale (大屏): no login, no staff shell.
  const board = /^\/board\/([^/]+)\/?$/.exec(path)?.[1];
  if (board) return <BoardPage parcelId={board} />;
  return null;
}
