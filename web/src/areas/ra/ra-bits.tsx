/** Small shared pieces of the RA screens: state badges and label helpers. */
import type { Application, Cert, Token } from "./ra-api.ts";
import { useRaText, type RaKey } from "./ra-text.ts";

const TONE: Record<string, string> = {
  submitted: "warn",
  vetted: "warn",
  approved: "info",
  code_issued: "info",
  enrolled: "info",
  active: "on",
  completed: "on",
  rejected: "off",
  issued: "on",
  revoked: "off",
  hold: "warn",
  pending: "info",
  stock: "info",
  lost: "off",
  damaged: "off",
  destroyed: "off",
};

export function StateBadge({ state, kind }: { state: string; kind: "app" | "cert" | "token" }) {
  const { t } = useRaText();
  const key = (kind === "app" ? `ra.state.${state}` : kind === "cert" ? `ra.certStatus.${state}` : `ra.tokenState.${state}`) as RaKey;
  return (
    <span className={`badge badge-${TONE[state] ?? "info"}`} data-testid={`${kind}-state`} data-state={state}>
      {t(key)}
    </span>
  );
}

export const typeKey = (a: Pick<Application, "type">) => `ra.type.${a.type}` as RaKey;
export const docKey = (kind: string) => `ra.doc.${kind}` as RaKey;
export type { Application, Cert, Token };
