/**
 * Is the audit chain head pinned by a recent TSA anchor? The anchoring job
 * runs every `intervalMinutes`; entries written since the last anchor are
 * "pending" until the next run, and "overdue" once two runs have passed
 * without an anchor (the job is failing or not running). Pure.
 */
export type AnchorState = "none" | "current" | "pending" | "overdue";

export function anchorState(i: { now: Date; headSeq: number; lastAnchoredSeq: number | null; lastAnchoredAt: Date | null; intervalMinutes: number }): AnchorState {
  if (i.lastAnchoredSeq === null || i.lastAnchoredAt === null) return i.headSeq === 0 ? "current" : "none";
  if (i.lastAnchoredSeq >= i.headSeq) return "current";
  return i.now.getTime() - i.lastAnchoredAt.getTime() > 2 * i.intervalMinutes * 60_000 ? "overdue" : "pending";
}
