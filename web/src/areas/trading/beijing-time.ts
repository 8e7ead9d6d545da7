/** datetime-local inputs in Beijing time (UTC+8), whatever the device's zone. */
const OFFSET = 8 * 3600_000;

/** ISO instant → "YYYY-MM-DDTHH:mm" in Beijing time. */
export function toBeijingInput(iso: string): string {
  const d = new Date(Date.parse(iso) + OFFSET);
  return d.toISOString().slice(0, 16);
}

/** "YYYY-MM-DDTHH:mm" (Beijing) → ISO instant; null when empty or invalid. */
export function fromBeijingInput(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  const t = Date.parse(`${v}:00+08:00`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
