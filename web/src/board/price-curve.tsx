/** The price curve as SVG: each accepted bid a step up, listing and timed rounds in two colours. */
import type { BidView } from "../areas/trading/trading-types.ts";

const W = 800;
const H = 320;
const PAD = { l: 70, r: 16, t: 16, b: 28 };

export function PriceCurve({ bids, startFen }: { bids: BidView[]; startFen: string }) {
  const amounts = bids.map((b) => Number(BigInt(b.amountFen) / 10_000n) / 100); // 万元, two decimals: plenty for a chart
  const start = Number(BigInt(startFen) / 10_000n) / 100;
  const lo = Math.min(start, ...amounts);
  const hi = Math.max(start, ...amounts);
  const span = hi - lo || Math.max(1, hi * 0.01);
  const x = (i: number) => PAD.l + ((W - PAD.l - PAD.r) * i) / Math.max(1, bids.length);
  const y = (v: number) => H - PAD.b - ((H - PAD.t - PAD.b) * (v - lo)) / span;
  let d = `M ${x(0)} ${y(start)}`;
  amounts.forEach((v, i) => {
    d += ` H ${x(i + 1)} V ${y(v)}`;
  });
  const ticks = [lo, lo + span / 2, lo + span];
  return (
    <svg className="price-curve" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="price curve" data-testid="price-curve" data-points={bids.length}>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className="grid" />
          <text x={PAD.l - 8} y={y(v) + 5} textAnchor="end" className="axis">
            {v.toLocaleString("zh-CN", { maximumFractionDigits: 2 })}
          </text>
        </g>
      ))}
      <path d={d} className="curve" fill="none" />
      {amounts.map((v, i) => (
        <circle key={bids[i]!.bidId} cx={x(i + 1)} cy={y(v)} r={5} className={bids[i]!.round === "timed" ? "dot-timed" : "dot-listing"} />
      ))}
    </svg>
  );
}
