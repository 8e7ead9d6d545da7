/** One JSON object per line: name, value, unit, and baseline + ratio where a raw limit was measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  note?: string;
}

export function report(f: Figure): void {
  const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 100) / 100);
  const out: Figure = { ...f, value: round(f.value) };
  if (f.baseline !== undefined) {
    out.baseline = round(f.baseline);
    out.ratio = Math.round((f.value / f.baseline) * 1000) / 1000;
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Runs fn repeatedly for about `ms` milliseconds after a short warm-up; returns operations per second. */
export async function rate(fn: (i: number) => Promise<unknown>, ms = 3000, concurrency = 1): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(-1 - i);
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await fn(done++);
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}
