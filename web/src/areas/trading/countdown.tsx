/** Time left until a deadline, ticking every 250 ms on the given clock. */
import { useEffect, useState } from "react";
import { localNow } from "../../clock.ts";

export function remainingText(ms: number): string {
  if (ms <= 0) return "00:00";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d}天 ${two(h)}:${two(m)}:${two(sec)}`;
  if (h > 0) return `${two(h)}:${two(m)}:${two(sec)}`;
  return `${two(m)}:${two(sec)}`;
}

export function Countdown({ deadline, now = localNow, className, testId }: { deadline: string; now?: () => number; className?: string; testId?: string }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const h = setInterval(() => setTick((x) => x + 1), 250);
    return () => clearInterval(h);
  }, []);
  void tick;
  const left = Date.parse(deadline) - now();
  return (
    <span className={className} data-testid={testId} data-remaining-ms={Math.max(0, left)}>
      {remainingText(left)}
    </span>
  );
}
