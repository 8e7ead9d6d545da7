/** One entry of the error catalogue. */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
  /** Why it happens, for the support desk's knowledge-base article (security-service codes have one). */
  cause?: { zh: string; en: string };
  /** What the user (or the engineer helping them) should do. */
  remedy?: { zh: string; en: string };
}
