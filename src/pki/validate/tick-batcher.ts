/**
 * Coalesces look-ups asked for in the same tick into one call: the path
 * validator asks for the status of every certificate of a chain at once
 * (leaf and sub-CA), and one `where serial in (…)` costs one database round
 * trip instead of one per certificate. Nothing is cached across ticks, so
 * the database stays authoritative for the very next validation.
 */
export function tickBatcher<V>(loadMany: (keys: string[]) => Promise<Map<string, V>>): (key: string) => Promise<V | undefined> {
  let pending: Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]> | undefined;
  const flush = async (batch: NonNullable<typeof pending>) => {
    try {
      const found = await loadMany([...batch.keys()]);
      for (const [k, waiters] of batch) for (const w of waiters) w.resolve(found.get(k));
    } catch (e) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
    }
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      if (!pending) {
        const batch = new Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
        pending = batch;
        queueMicrotask(() => {
          pending = undefined;
          void flush(batch);
        });
      }
      const waiters = pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      pending.set(key, waiters);
    });
}
