/**
 * A revocation during a soak: 40 clients verify signed documents through
 * POST /api/security/verify continuously while one signer's certificate is
 * revoked. The service caches validation results for the freshness window
 * (securityFreshnessSeconds); once that window has passed since the
 * revocation, no verification may accept the revoked signer — and nothing
 * else may change: the other signer's documents keep verifying, every
 * answer is a 200 with the expected outcome, no request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
const SECOND = 1000;
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { signCms } from "../../sdk/src/cms/signed-data.js";
import { memorySigner } from "../helpers/node-signer.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";

const FRESHNESS_S = 30;
let s: TestSystem;
let ops: LoggedIn;

beforeAll(async () => {
  s = await startTestSystem({ securityFreshnessSeconds: FRESHNESS_S });
  await s.c.pki.ca.init("ecdsa-p256", "staff:test");
  await s.c.staff.create({ username: "ops-soak", displayName: "运维", roles: ["ops"], password: TEST_PASSWORD }, "system:test");
  ops = await login(s.app, "ops-soak");
}, 300_000);
afterAll(() => s?.close());

/** A signer with a certificate from our CA and a document it signed (attached CMS, base64). */
async function signerWithDocument(cn: string) {
  const key = memorySigner("ecdsa-p256");
  const subject: [string, string][] = [["C", "CN"], ["CN", cn]];
  const issued = await s.c.pki.ca.issue({ suite: "ecdsa-p256", csr: await buildCsr(subject as never, key), profile: "individual-sign", via: "ra", subject: subject as never, holder: `bidder:${cn}`, actor: "staff:test" });
  const cms = await signCms(key, new TextEncoder().encode(`${cn} 的竞买申请书`), { certificate: issued.certDer, signingTime: s.clock.now(), gm: nodeGm });
  return { serial: issued.serial, body: { cms: Buffer.from(cms).toString("base64") } };
}

describe("revocation during a verification soak", { timeout: 300_000 }, () => {
  it("after the freshness window no verification accepts the revoked signer; the other signer and every other answer are unaffected", async () => {
    const doomed = await signerWithDocument("将被吊销的竞买人");
    const steady = await signerWithDocument("正常竞买人");
    type Seen = { who: "doomed" | "steady"; at: number; status: number; valid: boolean | null; code: string | null };
    const seen: Seen[] = [];
    let stop = false;
    const client = async (i: number) => {
      for (let n = i; !stop; n++) {
        const who = n % 2 ? "doomed" : "steady";
        const at = s.clock.now().getTime(); // asked at this (fake) time; the answer must be right for it
        const r = await s.app.inject({ method: "POST", url: "/api/security/verify", payload: (who === "doomed" ? doomed : steady).body, headers: { cookie: ops.cookie, "x-csrf-token": ops.csrf } });
        const j = r.statusCode === 200 ? (r.json() as { valid: boolean; code: string | null }) : null;
        seen.push({ who, at, status: r.statusCode, valid: j?.valid ?? null, code: j?.code ?? null });
      }
    };
    const until = async (count: number) => {
      const target = seen.length + count;
      while (seen.length < target) await new Promise((r) => setTimeout(r, 5));
    };
    const clients = Array.from({ length: 40 }, (_, i) => client(i));

    await until(200); // warm: both signers valid, results cached
    s.clock.advance(5 * SECOND);
    await until(100);
    const revokedAt = s.clock.now().getTime();
    await s.c.pki.revocation.revoke(doomed.serial, "keyCompromise", "staff:test");
    // Inside the window a cached "valid" may still be served; step through it while the clients keep going.
    for (let t = 0; t < FRESHNESS_S; t += 10) {
      await until(100);
      s.clock.advance(10 * SECOND);
    }
    s.clock.advance(SECOND);
    const windowEnd = revokedAt + FRESHNESS_S * SECOND;
    await until(300);
    stop = true;
    await Promise.all(clients);

    expect(seen.filter((x) => x.status !== 200)).toEqual([]);
    // The steady signer: valid in every answer, before, during and after.
    const steadyAnswers = seen.filter((x) => x.who === "steady");
    expect(steadyAnswers.filter((x) => !x.valid)).toEqual([]);
    // The revoked signer: valid before the revocation, never valid once the window has passed, and revoked is the only failure.
    const doomedAnswers = seen.filter((x) => x.who === "doomed");
    expect(doomedAnswers.filter((x) => x.at < revokedAt && !x.valid)).toEqual([]);
    const late = doomedAnswers.filter((x) => x.at > windowEnd);
    expect(late.length).toBeGreaterThan(50);
    expect(late.filter((x) => x.valid || x.code !== "SEC_CERT_REVOKED")).toEqual([]);
    expect(new Set(doomedAnswers.filter((x) => !x.valid).map((x) => x.code))).toEqual(new Set(["SEC_CERT_REVOKED"]));
  });
});
