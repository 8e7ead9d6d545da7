/**
 * Polls a loader every `intervalMs` while the tab is visible and polling is
 * on; keeps the last good data when a refresh fails (the page says it is
 * stale rather than going blank). `reload()` refreshes at once.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";

export function usePoll<T>(load: () => Promise<T>, intervalMs: number, enabled: boolean) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const busy = useRef(false);

  const reload = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      setData(await loadRef.current());
      setProblem(null);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      busy.current = false;
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!enabled) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === "visible") void reload();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [enabled, intervalMs, reload]);

  return { data, problem, reload };
}
