/**
 * The knowledge-base editor's route entry: /support/kb and /support/kb/:id,
 * for anyone granted the support area. The support area's own screens
 * (queues, incidents) are another module; this only claims /support/kb….
 */
import type { Session } from "../../../api/types.ts";
import { KbEditorPage } from "./kb-editor-page.tsx";

export const KB_BASE = "/support/kb";

export function kbRoute(path: string, session: Session) {
  if (path !== KB_BASE && !path.startsWith(`${KB_BASE}/`)) return null;
  if (!session.areas.some((a) => a.id === "support")) return null;
  const sub = path.slice(KB_BASE.length + 1).split("/")[0] ?? "";
  return <KbEditorPage session={session} sub={sub} />;
}
