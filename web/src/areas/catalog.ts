/**
 * The areas (sections) the web app knows. Which ones a user sees, and
 * whether each is built, comes from the server's `areas` list; this only
 * fixes the order-independent ids and their URL paths.
 */
export const AREA_IDS = ["trading", "supervision", "ra", "pki", "support", "ops", "staff", "audit", "verify", "account"] as const;

export type AreaId = (typeof AREA_IDS)[number];

export function isAreaId(s: string): s is AreaId {
  return (AREA_IDS as readonly string[]).includes(s);
}

export const areaPath = (id: string) => `/${id}`;

/** The area a URL path names: "/staff/anything" → "staff"; null for "/" and unknown paths. */
export function areaOfPath(path: string): string | null {
  const first = path.split("/").filter(Boolean)[0];
  return first ?? null;
}
