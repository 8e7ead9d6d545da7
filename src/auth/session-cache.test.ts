import { describe, expect, it } from "vitest";
import { SessionCache } from "./session-cache.js";

const t0 = 1_000_000;
const entry = (userId: string) => ({
  session: { id: "s", userId, csrfToken: "c", createdAt: new Date(t0), expiresAt: new Date(t0 + 3600_000), lastSeenAt: new Date(t0) },
  user: { id: userId, username: userId, displayName: userId, email: null, roles: ["ops" as const], disabled: false, createdAt: new Date(t0), updatedAt: new Date(t0) },
});

describe("SessionCache", () => {
  it("serves an entry until its TTL, then misses", () => {
    const c = new SessionCache(5000);
    c.set("a", entry("u1"), t0, c.epoch);
    expect(c.get("a", t0 + 4999)?.user.id).toBe("u1");
    expect(c.get("a", t0 + 5000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("forgetUser drops every session of that user only; forgetSession one", () => {
    const c = new SessionCache(5000);
    c.set("a", entry("u1"), t0, c.epoch);
    c.set("b", entry("u1"), t0, c.epoch);
    c.set("x", entry("u2"), t0, c.epoch);
    c.forgetUser("u1");
    expect([c.get("a", t0), c.get("b", t0), c.get("x", t0)?.user.id]).toEqual([undefined, undefined, "u2"]);
    c.forgetSession("x");
    expect(c.get("x", t0)).toBeUndefined();
  });

  it("a lookup that began before a change does not cache what it read", () => {
    const c = new SessionCache(5000);
    const epoch = c.epoch; // lookup starts, reads the old rows…
    c.forgetUser("u1"); // …the user is changed meanwhile
    c.set("a", entry("u1"), t0, epoch);
    expect(c.get("a", t0)).toBeUndefined();
  });

  it("is bounded, oldest first; TTL 0 disables it", () => {
    const c = new SessionCache(5000, 2);
    for (const id of ["a", "b", "c"]) c.set(id, entry(id), t0, c.epoch);
    expect([c.get("a", t0), c.get("c", t0)?.user.id]).toEqual([undefined, "c"]);
    const off = new SessionCache(0);
    off.set("a", entry("u"), t0, off.epoch);
    expect(off.get("a", t0)).toBeUndefined();
  });
});
