/**
 * INTERIM adapter for EnrollmentGrantPort until EnrollmentService.grant (the
 * EST side, pki-enroll branch) lands: writes the grant row EST reads, with
 * only the code's SHA-256 stored.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../app/clock.js";
import { tokenDigest } from "../../shared/ids.js";
import type { Store } from "../../storage/store.js";
import type { EnrollmentGrantPort, GrantRequest } from "../external.ports.js";

/** 16 characters from an alphabet without look-alikes (0/O, 1/I/L), grouped 4-4-4-4: 80 bits. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function newEnrollmentCode(): string {
  const bytes = randomBytes(32);
  let out = "";
  for (const b of bytes) {
    if (b >= ALPHABET.length * 8) continue; // rejection sampling keeps it uniform
    out += ALPHABET[b % ALPHABET.length];
    if (out.length === 16) break;
  }
  if (out.length < 16) return newEnrollmentCode();
  return out.match(/.{4}/g)!.join("-");
}

/** Codes are compared without dashes, spaces or case. */
export const normaliseCode = (code: string): string => code.replace(/[\s-]/g, "").toUpperCase();

export class InterimGrants implements EnrollmentGrantPort {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async grant(g: GrantRequest): Promise<{ code: string }> {
    const code = newEnrollmentCode();
    await this.store.read.raGrants.upsert({
      id: g.id,
      codeHash: tokenDigest(normaliseCode(code)),
      suite: g.suite,
      profile: g.profile,
      subject: g.subject,
      holder: g.holder,
      expiresAt: g.expiresAt,
      usedAt: null,
      serial: null,
      createdBy: g.actor,
      createdAt: this.clock.now(),
    });
    return { code };
  }

  async codeMatches(id: string, code: string): Promise<boolean> {
    const g = await this.store.read.raGrants.get(id);
    const want = Buffer.from(g?.codeHash ?? "0".repeat(64), "hex");
    const got = Buffer.from(tokenDigest(normaliseCode(code)), "hex");
    return timingSafeEqual(want, got) && g !== undefined;
  }
}
