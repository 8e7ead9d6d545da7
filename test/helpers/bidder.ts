/**
 * Bidders for tests: `createBidder` registers an applicant and takes a real
 * certificate for it through the RA itself (application → in-person vetting
 * → dual-control approval → enrollment code → enrollment → activation), with
 * the private key kept here in the test; `loginBidder` logs it in through the
 * real challenge/response and returns the cookie and CSRF token, like
 * `login()` does for staff.
 */
import { randomInt } from "node:crypto";
import type { SuiteId } from "../../src/pki/algs/suite.js";
import { caIdOf } from "../../src/pki/ca/naming.js";
import type { Actor } from "../../src/ra/application-state.js";
import { requiredDocuments } from "../../src/ra/documents.js";
import { issueThroughRa } from "../../src/ra/issue-through-ra.js";
import type { SoftKey } from "../../src/ra/km/key-pair.js";
import { makeResidentId } from "../../src/ra/validate/resident-id.js";
import { makeUscc, USCC_ALPHABET } from "../../src/ra/validate/uscc.js";
import type { LandtradeApp } from "../../src/http/build-app.js";
import type { Container } from "../../src/app/container.js";
import type { LoggedIn } from "./app.js";

/** Staff actors the helper acts as (two different people: dual control holds). */
export const TEST_OPERATOR: Actor = { id: "staff:test-ra-operator", roles: ["ra_operator"] };
export const TEST_AUDITOR: Actor = { id: "staff:test-ra-auditor", roles: ["ra_auditor"] };

/** A 1×1 PNG: the smallest real scan. */
export const TINY_PNG = new Uint8Array(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"),
);

export interface TestBidder {
  applicantId: string;
  name: string;
  kind: "individual" | "enterprise";
  suite: SuiteId;
  applicationId: string;
  serial: string;
  /** The signing certificate, DER. */
  certDer: Uint8Array;
  /** The private key, kept in the test. */
  key: SoftKey;
  /** Signs with the certificate's key (DER signature; SM2 with the configured user ID). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

let seq = 0;
const utf8 = (s: string) => new TextEncoder().encode(s);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** A valid resident ID number that is unique within the test run. */
export function uniqueResidentId(): string {
  seq += 1;
  const birth = `19${String(60 + randomInt(40)).padStart(2, "0")}${String(1 + randomInt(12)).padStart(2, "0")}${String(1 + randomInt(28)).padStart(2, "0")}`;
  return makeResidentId(`4301${String(10 + randomInt(90))}`, birth, String(seq % 1000).padStart(3, "0"));
}

/** A valid unified social credit code, unique within the test run. */
export function uniqueUscc(): string {
  let body = "";
  for (let i = 0; i < 9; i++) body += USCC_ALPHABET[randomInt(USCC_ALPHABET.length)];
  return makeUscc(`91430121${body}`);
}

/** The container of a TestSystem (or anything with one). */
type HasContainer = { c: Container };

export async function ensureCa(c: Container, suite: SuiteId): Promise<void> {
  if (!(await c.store.read.pki.ca(caIdOf(suite, "sub")))) await c.pki.ca.init(suite, "system:test");
}

export async function createBidder(sys: HasContainer, opts: { name: string; kind?: "individual" | "enterprise"; suite?: SuiteId; dual?: boolean }): Promise<TestBidder> {
  const { c } = sys;
  const kind = opts.kind ?? "individual";
  const suite = opts.suite ?? "ecdsa-p256";
  await ensureCa(c, suite);
  const applicant = await c.ra.applicants.register(
    kind === "individual"
      ? { kind, name: opts.name, idNumber: uniqueResidentId(), phone: "13800138000", email: `bidder${seq}@example.org` }
      : {
          kind,
          name: opts.name,
          uscc: uniqueUscc(),
          phone: "0731-84010000",
          email: `enterprise${seq}@example.org`,
          legalRepName: "王法人",
          agentName: "李经办",
          agentIdNumber: uniqueResidentId(),
          agentPhone: "13900139000",
        },
    TEST_OPERATOR.id,
  );
  for (const doc of requiredDocuments(kind)) {
    await c.ra.applicants.uploadDocument(applicant.id, { kind: doc, fileName: `${doc}.png`, mediaType: "image/png", content: TINY_PNG }, TEST_OPERATOR.id);
  }
  const r = await issueThroughRa(c.ra, { applicantId: applicant.id, suite, dual: opts.dual ?? false, operator: TEST_OPERATOR, auditor: TEST_AUDITOR, sm2UserId: c.config.sm2UserId });
  return {
    applicantId: applicant.id,
    name: opts.name,
    kind,
    suite,
    applicationId: r.applicationId,
    serial: r.serial,
    certDer: r.certDer,
    key: r.key,
    sign: (data) => r.key.sign(data),
  };
}

/** Logs a bidder in through the real challenge/response; returns the lt_bidder cookie and the CSRF token. */
export async function loginBidder(app: LandtradeApp, bidder: Pick<TestBidder, "certDer" | "sign">): Promise<LoggedIn> {
  const ch = await app.inject({ method: "POST", url: "/api/bidder-auth/challenge" });
  if (ch.statusCode !== 200) throw new Error(`bidder challenge: ${ch.statusCode} ${ch.body}`);
  const attempt = ch.cookies.find((x) => x.name === "lt_bidder_attempt")!.value;
  const { challengeId, toSign } = ch.json() as { challengeId: string; toSign: string };
  const r = await app.inject({
    method: "POST",
    url: "/api/bidder-auth/login",
    cookies: { lt_bidder_attempt: attempt },
    payload: { challengeId, certificate: b64(bidder.certDer), signature: b64(await bidder.sign(utf8(toSign))) },
  });
  if (r.statusCode !== 200) throw new Error(`bidder login: ${r.statusCode} ${r.body}`);
  const set = r.cookies.find((x) => x.name === "lt_bidder")!;
  return { cookie: `lt_bidder=${set.value}`, csrf: (r.json() as { csrfToken: string }).csrfToken };
}
