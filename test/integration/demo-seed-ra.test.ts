/**
 * RA demo data: idempotent (a second run adds nothing), demo bidders in both
 * suites can log in with the key and certificate files left under the data
 * directory, and the desk has work to show (queue, pre-application, a lost key).
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoBidderDir, DEMO_BIDDERS } from "../../src/app/demo-seed-ra.js";
import { seedDemo } from "../../src/app/demo-seed.js";
import { fromPemOrDer } from "../../src/pki/asn1/certificate.js";
import { softKeyFromPkcs8 } from "../../src/ra/km/key-pair.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { loginBidder } from "../helpers/bidder.js";
import { postBid, signedBid } from "../helpers/signed-bid.js";
import { countRows, RA_TABLES } from "../helpers/rows.js";

describe("RA demo data", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem();
    await seedDemo(s.c);
  }, 300_000);
  afterAll(() => s.close());

  it("is idempotent", async () => {
    const before = await countRows(s.dbh.db, RA_TABLES);
    const again = await seedDemo(s.c);
    expect(again.ra?.created).toBe(false);
    expect(await countRows(s.dbh.db, RA_TABLES)).toEqual(before);
  }, 120_000);

  it("each demo bidder logs in with the files in the data directory", async () => {
    for (const b of DEMO_BIDDERS) {
      const dir = demoBidderDir(s.c.config, b.slug);
      expect(statSync(path.join(dir, "key.pem")).mode & 0o777).toBe(0o600);
      const key = softKeyFromPkcs8(b.suite, fromPemOrDer(readFileSync(path.join(dir, "key.pem"), "utf8")), s.c.config.sm2UserId);
      const certDer = fromPemOrDer(readFileSync(path.join(dir, "cert.pem"), "utf8"));
      const { cookie } = await loginBidder(s.app, { certDer, sign: (d) => key.sign(d) });
      const me = await s.app.inject({ method: "GET", url: "/api/bidder-auth/me", headers: { cookie } });
      expect(me.json().bidder).toMatchObject({ displayName: b.name, suite: b.suite, kind: b.applicant.kind });
    }
  });

  it("the P-256 demo bidders are qualified on the live sales: 张伟 opens his bidding room and places a signed bid", async () => {
    const b = DEMO_BIDDERS.find((x) => x.slug === "zhangwei-p256")!;
    const dir = demoBidderDir(s.c.config, b.slug);
    const key = softKeyFromPkcs8(b.suite, fromPemOrDer(readFileSync(path.join(dir, "key.pem"), "utf8")), s.c.config.sm2UserId);
    const certDer = fromPemOrDer(readFileSync(path.join(dir, "cert.pem"), "utf8"));
    const who = await loginBidder(s.app, { certDer, sign: (d) => key.sign(d) });
    const apps = (await s.app.inject({ method: "GET", url: "/api/bidder/applications", headers: { cookie: who.cookie } })).json() as { items: { application: { parcelId: string; status: string; depositStatus: string } }[] };
    expect(apps.items.map(({ application: a }) => [a.status, a.depositStatus])).toEqual([
      ["qualified", "confirmed"],
      ["qualified", "confirmed"],
    ]);
    const rooms = await Promise.all(apps.items.map(async ({ application: a }) => (await s.app.inject({ method: "GET", url: `/api/bidder/parcels/${a.parcelId}/room`, headers: { cookie: who.cookie } })).json() as { parcel: { id: string }; application: { bidderNo: string }; view: { phase: string; minNextFen: string } }));
    expect(rooms.map((r) => r.view.phase).sort()).toEqual(["listing", "timed"]);
    const listing = rooms.find((r) => r.view.phase === "listing")!;
    const bid = await signedBid({ key, certDer }, { parcelId: listing.parcel.id, bidderNo: listing.application.bidderNo, amountFen: listing.view.minNextFen, signingTime: s.c.clock.now() });
    const r = await postBid(s.app, who, listing.parcel.id, bid);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.amountFen).toBe(listing.view.minNextFen);
  });

  it("the desk has an application waiting for the auditor, an online pre-application and a lost key with its replacement", async () => {
    const apps = await s.c.ra.applications.list({ limit: 100 });
    expect(apps.filter((a) => a.state === "vetted").length).toBeGreaterThanOrEqual(1);
    expect(apps.some((a) => a.channel === "online" && a.state === "submitted")).toBe(true);
    expect(apps.some((a) => a.type === "replace" && a.channel === "token_report")).toBe(true);
    const lost = await s.c.ra.tokens.list({ state: "lost", limit: 5 });
    expect(lost.map((t) => t.serial)).toEqual(["HT-2026-0003"]);
    expect(apps.filter((a) => a.dual && a.state === "active").length).toBe(2);
  });
});
