/** Loads a URL, keeps the result and any problem, reloads on demand. */
import { useCallback, useEffect, useState } from "react";
import { get, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";

export function useLoad<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(async () => {
    if (!url) return;
    setLoading(true);
    try {
      setData(await get<T>(url));
      setProblem(null);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setLoading(false);
    }
  }, [url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, problem, loading, reload };
}
