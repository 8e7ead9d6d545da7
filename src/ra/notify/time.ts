/** Day arithmetic and Beijing-time formatting for notices (no wall clock here: times are passed in). */
export const DAY_MS = 86_400_000;

export function formatBeijing(d: Date): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
}
