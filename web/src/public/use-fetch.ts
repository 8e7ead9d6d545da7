/** Loads one GET resource; re-runs when the URL changes. The problem, if any, is kept for display. */
import { useEffect, useState } from "react";
import { get, problemOf } from "../api/client.ts";
import type { Problem } from "../api/types.ts";

export type Loaded<T> = { state: "loading" } | { state: "ok"; data: T } | { state: "error"; problem: Problem };

export function useFetch<T>(url: string | null): Loaded<T> {
  const [result, setResult] = useState<{ url: string | null; value: Loaded<T> }>({ url: null, value: { state: "loading" } });
  useEffect(() => {
    if (!url) return;
    let live = true;
    get<T>(url, { quiet401: true }).then(
      (data) => live && setResult({ url, value: { state: "ok", data } }),
      (e: unknown) => live && setResult({ url, value: { state: "error", problem: problemOf(e) } }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return result.url === url ? result.value : { state: "loading" };
}
