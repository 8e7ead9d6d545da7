/** Loads a resource and reloads it on demand; keeps the last problem. */
import { useCallback, useEffect, useState } from "react";
import { get, problemOf } from "../../api/client.ts";
import type { Problem } from "../../api/types.ts";

export function useResource<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(async () => {
    if (!url) return;
    try {
      setData(await get<T>(url));
      setProblem(null);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }, [url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, problem, reload, setData };
}
