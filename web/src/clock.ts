/**
 * The browser's only reader of the wall clock. Countdowns never trust it
 * alone: they add the offset to the server's clock measured over the live
 * board's ping/pong (NTP-style: offset = serverTime − midpoint of the round
 * trip), so a device whose clock is minutes off still shows the right
 * remaining time.
 */
export const localNow = (): number => Date.now();

export class ServerClock {
  private offsetMs = 0;
  private bestRtt = Number.POSITIVE_INFINITY;

  /** From a snapshot's serverTime alone (no round trip known yet). */
  seed(serverTime: string): void {
    if (this.bestRtt === Number.POSITIVE_INFINITY) this.offsetMs = Date.parse(serverTime) - Date.now();
  }

  /** From a pong: t0 = when the ping left, serverTime = the server's clock on answering. */
  sample(t0: number, serverTime: string): void {
    const t1 = Date.now();
    const rtt = t1 - t0;
    // The sample with the shortest round trip has the smallest error.
    if (rtt <= this.bestRtt) {
      this.bestRtt = rtt;
      this.offsetMs = Date.parse(serverTime) - (t0 + rtt / 2);
    }
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
