import { describe, expect, it } from "vitest";
import { FakeClock, HOUR } from "../app/clock.js";
import { AppError } from "../shared/errors.js";
import {
  APPLICATION_STATES,
  APPLICATION_TYPES,
  isIssuing,
  nextEvents,
  transition,
  type Actor,
  type ApplicationCore,
  type ApplicationEvent,
  type ApplicationState,
  type EventKind,
} from "./application-state.js";

const clock = new FakeClock("2026-03-02T02:00:00Z");
const now = clock.now();
const operator: Actor = { id: "staff:liu", roles: ["ra_operator"] };
const operator2: Actor = { id: "staff:wang", roles: ["ra_operator"] };
const auditor: Actor = { id: "staff:chen", roles: ["ra_auditor"] };
const both: Actor = { id: "staff:both", roles: ["ra_operator", "ra_auditor"] };
const outsider: Actor = { id: "staff:desk", roles: ["service_desk"] };

const core = (over: Partial<ApplicationCore> = {}): ApplicationCore => ({
  type: "new",
  state: "submitted",
  channel: "counter",
  submittedBy: operator.id,
  vettedBy: null,
  codeExpiresAt: null,
  ...over,
});

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** One well-formed event of each kind by an actor allowed to send it. */
const EVENTS: Record<EventKind, ApplicationEvent> = {
  vet: { kind: "vet", actor: operator, identityCheck: "in_person", originalsChecked: true, note: "身份证原件已核对" },
  approve: { kind: "approve", actor: auditor },
  reject: { kind: "reject", actor: auditor, reason: "材料不全" },
  issueCode: { kind: "issueCode", actor: operator, expiresAt: new Date(now.getTime() + 72 * HOUR) },
  enroll: { kind: "enroll", serial: "0a1b" },
  activate: { kind: "activate" },
  complete: { kind: "complete", actor: auditor },
};

/** Expected next state for every (type class, state, event) that is legal; everything else is refused. */
function expected(type: (typeof APPLICATION_TYPES)[number], state: ApplicationState, ev: EventKind): ApplicationState | null {
  const issuing = isIssuing(type);
  const table: Partial<Record<ApplicationState, Partial<Record<EventKind, ApplicationState>>>> = {
    submitted: { vet: "vetted", reject: "rejected" },
    vetted: { approve: "approved", reject: "rejected" },
    approved: issuing ? { issueCode: "code_issued", reject: "rejected" } : { complete: "completed", reject: "rejected" },
    code_issued: issuing ? { issueCode: "code_issued", enroll: "enrolled", reject: "rejected" } : {},
    enrolled: issuing ? { activate: "active" } : {},
  };
  return table[state]?.[ev] ?? null;
}

describe("application state machine", () => {
  for (const type of APPLICATION_TYPES) {
    for (const state of APPLICATION_STATES) {
      for (const kind of Object.keys(EVENTS) as EventKind[]) {
        const want = expected(type, state, kind);
        it(`${type} · ${state} · ${kind} → ${want ?? "refused"}`, () => {
          const app = core({ type, state, vettedBy: state === "submitted" ? null : operator.id, codeExpiresAt: new Date(now.getTime() + HOUR) });
          if (want) {
            expect(transition(app, EVENTS[kind], now).state).toBe(want);
            expect(nextEvents(app)).toContain(kind);
          } else {
            expect(["RA_TRANSITION_INVALID", "RA_CODE_USED"]).toContain(codeOf(() => transition(app, EVENTS[kind], now)));
            expect(nextEvents(app)).not.toContain(kind);
          }
        });
      }
    }
  }
});

describe("dual control", () => {
  const vetted = core({ state: "vetted", vettedBy: operator.id, submittedBy: operator.id });

  it("a different RA auditor approves and is recorded", () => {
    expect(transition(vetted, { kind: "approve", actor: auditor }, now)).toEqual({ state: "approved", approvedBy: auditor.id, approvedAt: now });
  });

  it("the vetter can never approve, even holding ra_auditor as well", () => {
    const app = core({ state: "vetted", vettedBy: both.id, submittedBy: operator2.id });
    expect(codeOf(() => transition(app, { kind: "approve", actor: both }, now))).toBe("RA_DUAL_CONTROL");
  });

  it("whoever entered the application cannot approve it either", () => {
    const app = core({ state: "vetted", vettedBy: operator2.id, submittedBy: both.id });
    expect(codeOf(() => transition(app, { kind: "approve", actor: both }, now))).toBe("RA_DUAL_CONTROL");
  });

  it("approving needs ra_auditor; the role check comes before the state check", () => {
    expect(codeOf(() => transition(vetted, { kind: "approve", actor: operator2 }, now))).toBe("RA_AUDITOR_REQUIRED");
    expect(codeOf(() => transition(core({ state: "active" }), { kind: "approve", actor: operator2 }, now))).toBe("RA_AUDITOR_REQUIRED");
  });

  it("vetting needs an operator and confirmed originals", () => {
    expect(codeOf(() => transition(core(), { kind: "vet", actor: auditor, identityCheck: "in_person", originalsChecked: true }, now))).toBe("AUTH_FORBIDDEN");
    expect(codeOf(() => transition(core(), { kind: "vet", actor: operator, identityCheck: "in_person", originalsChecked: false }, now))).toBe("RA_ORIGINALS_NOT_CHECKED");
    expect(codeOf(() => transition(core(), { kind: "vet", actor: outsider, identityCheck: "in_person", originalsChecked: true }, now))).toBe("AUTH_FORBIDDEN");
  });

  it("only a revoke/suspend request made after a certificate login may be vetted without originals", () => {
    const certVet: ApplicationEvent = { kind: "vet", actor: operator, identityCheck: "certificate_login", originalsChecked: false };
    expect(transition(core({ type: "revoke", channel: "certificate" }), certVet, now)).toMatchObject({ state: "vetted", identityCheck: "certificate_login" });
    expect(transition(core({ type: "suspend", channel: "certificate" }), certVet, now).state).toBe("vetted");
    expect(codeOf(() => transition(core({ type: "unsuspend", channel: "certificate" }), certVet, now))).toBe("RA_ORIGINALS_NOT_CHECKED");
    expect(codeOf(() => transition(core({ type: "revoke", channel: "online" }), certVet, now))).toBe("RA_ORIGINALS_NOT_CHECKED");
    expect(codeOf(() => transition(core({ type: "new", channel: "certificate" }), certVet, now))).toBe("RA_ORIGINALS_NOT_CHECKED");
  });
});

describe("rejection, codes and expiry", () => {
  it("rejection needs a reason of at least two characters, trimmed", () => {
    expect(codeOf(() => transition(core(), { kind: "reject", actor: operator, reason: "  x " }, now))).toBe("RA_REASON_REQUIRED");
    expect(transition(core(), { kind: "reject", actor: operator, reason: "  证件过期 " }, now)).toMatchObject({ state: "rejected", rejectReason: "证件过期", rejectedBy: operator.id });
    expect(codeOf(() => transition(core(), { kind: "reject", actor: outsider, reason: "证件过期" }, now))).toBe("AUTH_FORBIDDEN");
  });

  it("an enrollment code must expire in the future and within 30 days", () => {
    const app = core({ state: "approved" });
    expect(codeOf(() => transition(app, { kind: "issueCode", actor: operator, expiresAt: now }, now))).toBe("VALIDATION_FAILED");
    expect(codeOf(() => transition(app, { kind: "issueCode", actor: operator, expiresAt: new Date(now.getTime() + 31 * 24 * HOUR) }, now))).toBe("VALIDATION_FAILED");
    expect(codeOf(() => transition(app, { kind: "issueCode", actor: auditor, expiresAt: new Date(now.getTime() + HOUR) }, now))).toBe("AUTH_FORBIDDEN");
  });

  it("a code works until its expiry instant and not after", () => {
    const c = new FakeClock(now);
    const app = core({ state: "code_issued", codeExpiresAt: new Date(now.getTime() + HOUR) });
    c.advance(HOUR - 1);
    expect(transition(app, { kind: "enroll", serial: "01" }, c.now())).toMatchObject({ state: "enrolled", signSerial: "01" });
    c.advance(1);
    expect(codeOf(() => transition(app, { kind: "enroll", serial: "01" }, c.now()))).toBe("RA_CODE_EXPIRED");
  });

  it("a used code says so", () => {
    expect(codeOf(() => transition(core({ state: "enrolled" }), { kind: "enroll", serial: "01" }, now))).toBe("RA_CODE_USED");
    expect(codeOf(() => transition(core({ state: "active" }), { kind: "enroll", serial: "01" }, now))).toBe("RA_CODE_USED");
  });
});
