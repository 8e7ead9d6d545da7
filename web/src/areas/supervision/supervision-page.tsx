/** Supervision: every sale, its deposits and calendar, read-only (plus the reserve confirmation). */
import { TradingPage } from "../trading/trading-page.tsx";

export function SupervisionPage({ path }: { path: string }) {
  return <TradingPage path={path} role="supervisor" />;
}
