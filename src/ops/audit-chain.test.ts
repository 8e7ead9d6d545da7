import { describe, expect, it } from "vitest";
import { buildEntry, ChainVerifier, GENESIS_HASH, type AuditEntry } from "./audit-chain.js";

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = { seq: 0, hash: GENESIS_HASH };
  for (let i = 0; i < n; i++) {
    const e = buildEntry(prev, new Date(Date.UTC(2026, 0, 1, 0, i)), { actor: "staff:a", action: "x.do", subject: `s:${i}`, payload: { i, 名: "值" } });
    out.push(e);
    prev = e;
  }
  return out;
}

function firstBreak(entries: AuditEntry[], head = entries[entries.length - 1]) {
  const v = new ChainVerifier();
  for (const e of entries) {
    const b = v.check(e);
    if (b) return b;
  }
  return v.checkHead(head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH });
}

describe("audit chain", () => {
  it("verifies an untouched chain", () => {
    expect(firstBreak(chain(5))).toBeNull();
  });

  it("catches an edited payload, an edited field, a deletion, a swap and an insertion", () => {
    const edited = chain(5);
    edited[2] = { ...edited[2]!, payload: { i: 99, 名: "值" } };
    expect(firstBreak(edited)).toMatchObject({ seq: 3 });

    const actor = chain(5);
    actor[1] = { ...actor[1]!, actor: "staff:mallory" };
    expect(firstBreak(actor)).toMatchObject({ seq: 2, reason: expect.stringContaining("edited") });

    const deleted = chain(5);
    const head = deleted[4]!;
    deleted.splice(2, 1);
    expect(firstBreak(deleted, head)).toMatchObject({ seq: 4, reason: expect.stringContaining("missing") });

    const swapped = chain(5);
    const a = swapped[1]!;
    const b = swapped[2]!;
    // Swap contents but keep the sequence numbers, as an UPDATE would.
    swapped[1] = { ...b, seq: 2 };
    swapped[2] = { ...a, seq: 3 };
    expect(firstBreak(swapped)).toMatchObject({ seq: 2 });

    const inserted = chain(5);
    const forged = buildEntry({ seq: 2, hash: inserted[1]!.hash }, new Date(0), { actor: "x", action: "y", subject: "z" });
    inserted.splice(2, 0, forged);
    for (let i = 3; i < inserted.length; i++) inserted[i] = { ...inserted[i]!, seq: i + 1 };
    expect(firstBreak(inserted)).toMatchObject({ seq: 4 });
  });

  it("catches a deleted tail through the head", () => {
    const c = chain(5);
    const head = c[4]!;
    expect(firstBreak(c.slice(0, 4), head)).toMatchObject({ reason: expect.stringContaining("tail") });
  });
});
