/**
 * The bidder side through HTTP: applications with certificate login, signed
 * bids verified + timestamped + receipted, every bad bid with its code and
 * nothing stored, idempotency, OpenSSL verifying the bid CMS and the receipt,
 * the bid log verifying, SM2 bids.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caIdOf } from "../../src/pki/ca/naming.js";
import { fen } from "../../src/shared/money.js";
import { verifyBidLog } from "../../src/trading/bidder/bid-log.js";
import { createBidder, loginBidder, type TestBidder } from "../helpers/bidder.js";
import type { LoggedIn } from "../helpers/app.js";
import { scratch } from "../helpers/openssl.js";
import { postBid, signedBid } from "../helpers/signed-bid.js";
import { call, parcelBody, S, startTradingSystem, wanFen, type TradingSystem } from "../helpers/trading.js";

let s: TradingSystem;
let parcelId: string;
type B = { b: TestBidder; who: LoggedIn; no: string; appId: string };
let A: B, Bb: B, C: B, G: B;
const INC = BigInt(wanFen(50));
const START = BigInt(wanFen(28000));

const bidderCall = (who: LoggedIn, method: "GET" | "POST", url: string, payload?: unknown) => call(s.app, who, method, url, payload);

async function counts() {
  const bids = await s.c.store.read.trading.bids.byParcel(parcelId);
  const events = await s.c.store.read.trading.parcels.events(parcelId);
  const audit = await s.c.store.read.audit.list({ limit: 100_000 });
  return { bids: bids.length, events: events.length, audit: audit.length };
}

async function enrol(name: string, suite: "ecdsa-p256" | "sm2" = "ecdsa-p256"): Promise<B> {
  const b = await createBidder(s, { name, suite });
  const who = await loginBidder(s.app, b);
  const r = await bidderCall(who, "POST", `/api/bidder/parcels/${parcelId}/applications`, { kind: "sole", payerAccounts: ["6222000011112222"] });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const app = r.body.application as { id: string; bidderNo: string; depositAccount: string };
  return { b, who, no: app.bidderNo, appId: app.id };
}

beforeAll(async () => {
  s = await startTradingSystem();
  const created = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody());
  parcelId = (created.body.parcel as { id: string }).id;
  expect((await call(s.app, s.admin, "POST", `/api/trading/parcels/${parcelId}/announce`, {})).status).toBe(200);
  A = await enrol("张竞买");
  Bb = await enrol("李竞买");
  C = await enrol("王竞买");
  G = await enrol("赵国密", "sm2");
  for (const x of [A, Bb, C, G]) {
    await s.c.trading.applications.decide(x.appId, { approved: true }, "staff:t-admin");
    const a = (await s.c.store.read.trading.applications.byId(x.appId))!;
    await s.c.trading.deposits.receive({ bankRef: `R-${x.no}`, subAccount: a.depositAccount, payerAccount: "6222000011112222", payerName: a.displayName, amount: fen(BigInt(wanFen(5600))), arrivedAt: s.clock.now() }, "callback", {}, "bank:test");
  }
  await s.at(S.start);
  for (const x of [A, Bb, C, G]) x.who = await loginBidder(s.app, x.b);
}, 600_000);
afterAll(() => s?.close());

describe("applications", () => {
  it("one per bidder per parcel, with a random number and sub-account; the bidder sees their own only", async () => {
    const again = await bidderCall(A.who, "POST", `/api/bidder/parcels/${parcelId}/applications`, { kind: "sole", payerAccounts: ["6222000011112222"] });
    expect(again.body.code).toBe("TRADE_ALREADY_APPLIED");
    const mine = await bidderCall(A.who, "GET", "/api/bidder/applications");
    const items = mine.body.items as { application: { id: string; bidderNo: string; depositAccount: string; depositStatus: string; status: string } }[];
    expect(items.map((i) => i.application.id)).toEqual([A.appId]);
    expect(items[0]!.application.bidderNo).toMatch(/^\d{4}$/);
    expect(items[0]!.application.depositAccount).toMatch(/^430501\d{10}$/);
    expect(items[0]!.application).toMatchObject({ status: "qualified", depositStatus: "confirmed" });
    expect((await bidderCall(Bb.who, "GET", `/api/bidder/applications/${A.appId}`)).body.code).toBe("TRADE_APPLICATION_NOT_FOUND");
    expect(new Set([A.no, Bb.no, C.no, G.no]).size).toBe(4);
  });

  it("joint applications list partners; sole ones may not; staff are not bidders", async () => {
    const created = await call(s.app, s.admin, "POST", "/api/trading/parcels", parcelBody({ listingStart: new Date(S.start.getTime() + 28 * 86400000).toISOString(), listingEnd: new Date(S.end.getTime() + 28 * 86400000).toISOString(), depositCutoff: new Date(S.cutoff.getTime() + 28 * 86400000).toISOString() }));
    const other = (created.body.parcel as { id: string }).id;
    expect((await bidderCall(A.who, "POST", `/api/bidder/parcels/${other}/applications`, { kind: "sole", payerAccounts: ["6222000011112222"] })).body.code).toBe("TRADE_APPLICATIONS_CLOSED");
    const announced = await call(s.app, s.admin, "POST", `/api/trading/parcels/${other}/announce`, {});
    expect(announced.status, JSON.stringify(announced.body)).toBe(200);
    expect((await bidderCall(A.who, "POST", `/api/bidder/parcels/${other}/applications`, { kind: "joint", payerAccounts: ["6222000011112222"] })).body.code).toBe("TRADE_JOINT_NEEDS_PARTNERS");
    const joint = await bidderCall(A.who, "POST", `/api/bidder/parcels/${other}/applications`, {
      kind: "joint",
      leadShare: "60%",
      partners: [{ name: "湖南某某置业有限公司", idType: "org", idNumber: "91430121MA4L000001", share: "40%" }],
      payerAccounts: ["6222000011112222", "6222000033334444"],
    });
    expect(joint.status, JSON.stringify(joint.body)).toBe(201);
    const a = joint.body.application as { kind: string; members: { name: string; share?: string }[]; displayName: string };
    expect(a.kind).toBe("joint");
    expect(a.members.map((m) => m.share)).toEqual(["60%", "40%"]);
    expect(a.members[0]!.name).toBe("张竞买");
    expect((await call(s.app, s.admin, "POST", `/api/bidder/parcels/${other}/applications`, { kind: "sole", payerAccounts: ["6222000011112222"] })).body.code).toBe("RA_BIDDER_LOGIN_REQUIRED");
  });
});

describe("signed bids", () => {
  let first: Record<string, unknown>;
  let firstBody: Awaited<ReturnType<typeof signedBid>>;

  it("a signed bid is verified, timestamped, logged and receipted; OpenSSL verifies the bid and the receipt", async () => {
    firstBody = await signedBid(A.b, { parcelId, bidderNo: A.no, amountFen: String(START), signingTime: s.clock.now() });
    const r = await postBid(s.app, A.who, parcelId, firstBody);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    first = r.body;
    expect(r.body).toMatchObject({ seq: 1, bidderNo: A.no, amountFen: String(START), round: "listing", repeated: false });
    const receipt = JSON.parse(r.body.receiptDocument as string) as Record<string, unknown>;
    expect(receipt).toMatchObject({ type: "landtrade.bid-receipt.v1", seq: 1, parcelId, bidderNo: A.no, clientBidId: firstBody.clientBidId, hash: r.body.hash });

    const o = scratch("lt-bid-");
    const root = (await s.c.store.read.pki.ca(caIdOf("ecdsa-p256", "root")))!.certDer;
    const sub = (await s.c.store.read.pki.ca(caIdOf("ecdsa-p256", "sub")))!.certDer;
    const pem = (d: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    o.write("root.pem", pem(root));
    o.write("chain.pem", pem(root) + pem(sub));
    o.write("bid.p7s", Buffer.from(firstBody.signature, "base64"));
    o.write("receipt.p7s", Buffer.from(r.body.receipt as string, "base64"));
    const bidV = await o.run(["cms", "-verify", "-inform", "DER", "-in", "bid.p7s", "-CAfile", "chain.pem", "-purpose", "any", "-out", "bid.txt"]);
    expect(bidV.code, bidV.out).toBe(0);
    expect(new TextDecoder().decode(o.read("bid.txt"))).toBe(firstBody.document);
    const recV = await o.run(["cms", "-verify", "-inform", "DER", "-in", "receipt.p7s", "-CAfile", "root.pem", "-purpose", "any", "-out", "receipt.txt"]);
    expect(recV.code, recV.out).toBe(0);
    expect(new TextDecoder().decode(o.read("receipt.txt"))).toBe(r.body.receiptDocument);
    o.write("tsa.tsr", Buffer.from(r.body.timestampToken as string, "base64"));
    const ts = await o.run(["ts", "-reply", "-in", "tsa.tsr", "-token_in", "-text", "-token_out"]);
    expect(ts.code, ts.out).toBe(0);
  });

  it("the same bid again answers the same receipt and stores nothing; the client id with other content is a replay", async () => {
    const before = await counts();
    const again = await postBid(s.app, A.who, parcelId, firstBody);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ bidId: first.bidId, seq: 1, receipt: first.receipt, timestampToken: first.timestampToken, repeated: true });
    const replay = await signedBid(A.b, { parcelId, bidderNo: A.no, amountFen: String(START + INC), clientBidId: firstBody.clientBidId, signingTime: s.clock.now() });
    expect((await postBid(s.app, A.who, parcelId, replay)).body.code).toBe("TRADE_BID_REPLAYED");
    expect(await counts()).toEqual(before);
  });

  it("bad bids each get their code and store nothing", async () => {
    const before = await counts();
    const now = s.clock.now();
    const cases: [string, Promise<Record<string, unknown>>][] = [
      ["TRADE_BID_TOO_LOW", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START - INC), signingTime: now })],
      ["TRADE_BID_TIED", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START), signingTime: now })],
      ["TRADE_BID_BAD_INCREMENT", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC + 1n), signingTime: now })],
      ["TRADE_BID_UNSIGNED", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), signingTime: now }).then((x) => ({ ...x, signature: undefined }))],
      ["TRADE_BID_WRONG_SIGNER", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), signingTime: now, signer: C.b })],
      ["TRADE_BID_DOCUMENT_MISMATCH", signedBid(Bb.b, { parcelId, bidderNo: C.no, amountFen: String(START + INC), signingTime: now })],
      ["TRADE_BID_DOCUMENT_MISMATCH", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), signingTime: now }).then((x) => ({ ...x, amountFen: String(START + 2n * INC) }))],
      ["TRADE_BID_SIGNATURE_INVALID", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), signingTime: now }).then(async (x) => ({ ...x, signature: (await signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + 3n * INC), signingTime: now, detached: true })).signature }))],
      ["TRADE_ALREADY_HIGHEST", signedBid(A.b, { parcelId, bidderNo: A.no, amountFen: String(START + INC), signingTime: now })],
      ["TRADE_PHASE_INVALID", signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), round: "timed", signingTime: now })],
    ];
    for (const [code, body] of cases) {
      const who = code === "TRADE_ALREADY_HIGHEST" ? A.who : Bb.who;
      const r = await postBid(s.app, who, parcelId, await body);
      expect(r.body.code, `${code}: ${JSON.stringify(r.body)}`).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it("a detached signature and an SM2 bid (GM/T 0009 ID) are accepted; the bid log verifies", async () => {
    const d = await signedBid(Bb.b, { parcelId, bidderNo: Bb.no, amountFen: String(START + INC), detached: true, signingTime: s.clock.now() });
    expect((await postBid(s.app, Bb.who, parcelId, d)).status).toBe(201);
    const g = await signedBid(G.b, { parcelId, bidderNo: G.no, amountFen: String(START + 3n * INC), signingTime: s.clock.now() });
    const r = await postBid(s.app, G.who, parcelId, g);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const sale = (await s.c.store.read.trading.parcels.sale(parcelId))!;
    const log = await verifyBidLog(await s.c.store.read.trading.bids.byParcel(parcelId), sale.bidHead);
    expect(log).toEqual({ ok: true, entries: 3, problems: [] });
    expect(sale.state.highest).toMatchObject({ bidderNo: G.no, amount: START + 3n * INC });
    // Each accepted bid is in the audit chain, which verifies.
    expect((await s.c.store.read.audit.list({ action: "trading.sale.listingBid", limit: 100 })).length).toBe(3);
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
    // A tampered log shows.
    const bids = await s.c.store.read.trading.bids.byParcel(parcelId);
    bids[1] = { ...bids[1]!, amount: fen(bids[1]!.amount + 1n) };
    expect((await verifyBidLog(bids, sale.bidHead)).ok).toBe(false);
  });

  it("a revoked certificate cannot bid", async () => {
    await s.c.pki.revocation.revoke(C.b.serial, "keyCompromise", "test:ra");
    const before = await counts();
    const body = await signedBid(C.b, { parcelId, bidderNo: C.no, amountFen: String(START + 5n * INC), signingTime: s.clock.now() });
    const r = await postBid(s.app, C.who, parcelId, body);
    // The session of a revoked certificate ends too; either way the bid is refused with a revocation code.
    expect(["TRADE_BID_CERT_REVOKED", "RA_LOGIN_CERT_REVOKED"]).toContain(r.body.code);
    const direct = await s.c.trading.bids.place({ applicantId: C.b.applicantId, displayName: C.b.name, certSerial: C.b.serial }, parcelId, { ...body, signature: Buffer.from(body.signature, "base64") }).catch((e: { code: string }) => e.code);
    expect(direct).toBe("TRADE_BID_CERT_REVOKED");
    expect(await counts()).toEqual(before);
  });

  it("a bid after the listing end is too late", async () => {
    await s.at(new Date(S.end.getTime() + 1000));
    const who = await loginBidder(s.app, A.b);
    const body = await signedBid(A.b, { parcelId, bidderNo: A.no, amountFen: String(START + 10n * INC), signingTime: s.clock.now() });
    expect((await postBid(s.app, who, parcelId, body)).body.code).toBe("TRADE_DEADLINE_PASSED");
  });
});

describe("deal confirmation", () => {
  const pdfText = (pdf: Buffer): string => {
    // The text of a pdfkit PDF is in glyph ids; the ToUnicode CMaps say which characters the subset holds.
    let out = "";
    const re = /stream\r?\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(pdf.toString("latin1")))) {
      const start = m.index + m[0].length;
      const end = pdf.indexOf("endstream", start);
      try {
        const s = inflateSync(pdf.subarray(start, end)).toString("latin1");
        if (s.includes("begincmap")) for (const h of s.matchAll(/<([0-9a-fA-F]{4})>/g)) out += String.fromCharCode(parseInt(h[1]!, 16));
      } catch {
        // not a deflated stream
      }
    }
    return out;
  };

  it("is not available before the sale ends; after it, the winner and staff get the PDF and the signed document", async () => {
    expect((await call(s.app, s.admin, "GET", `/api/trading/parcels/${parcelId}/deal-confirmation`)).body.code).toBe("TRADE_DEAL_NOT_AVAILABLE");
    await s.tick(); // listing close → intent window
    await s.at(new Date(S.end.getTime() + 10 * 60_000));
    await s.tick(); // nobody continued → result (no reserve: the start price is the floor)
    const sale = (await s.c.store.read.trading.parcels.sale(parcelId))!;
    expect(sale.phase).toBe("sold");
    expect(sale.state.result?.winner?.bidderNo).toBe(G.no);

    const g = await loginBidder(s.app, G.b);
    const pdfRes = await s.app.inject({ method: "GET", url: `/api/bidder/parcels/${parcelId}/deal-confirmation`, headers: { cookie: g.cookie } });
    expect(pdfRes.statusCode).toBe(200);
    expect(pdfRes.headers["content-type"]).toBe("application/pdf");
    const pdf = pdfRes.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYi/);
    expect(pdf.toString("latin1")).toContain("/FontFile2");
    const chars = pdfText(pdf);
    for (const ch of "成交确认书赵国密长沙县国土资源局贰亿捌仟") expect(chars, ch).toContain(ch);

    const a = await loginBidder(s.app, A.b);
    const notWinner = await s.app.inject({ method: "GET", url: `/api/bidder/parcels/${parcelId}/deal-confirmation`, headers: { cookie: a.cookie } });
    expect(JSON.parse(notWinner.body).code).toBe("TRADE_DEAL_NOT_AVAILABLE");

    const staffPdf = await s.app.inject({ method: "GET", url: `/api/trading/parcels/${parcelId}/deal-confirmation`, headers: { cookie: s.admin.cookie } });
    expect(Buffer.compare(staffPdf.rawPayload, pdf)).toBe(0); // the same deal renders the same bytes
    const cms = await s.app.inject({ method: "GET", url: `/api/trading/parcels/${parcelId}/deal-confirmation?format=cms`, headers: { cookie: s.admin.cookie } });
    expect(cms.statusCode).toBe(200);
    const o = scratch("lt-deal-");
    const root = (await s.c.store.read.pki.ca(caIdOf("ecdsa-p256", "root")))!.certDer;
    o.write("root.pem", `-----BEGIN CERTIFICATE-----\n${Buffer.from(root).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`);
    o.write("deal.p7m", cms.rawPayload);
    const v = await o.run(["cms", "-verify", "-inform", "DER", "-in", "deal.p7m", "-CAfile", "root.pem", "-purpose", "any", "-out", "deal.json"]);
    expect(v.code, v.out).toBe(0);
    const doc = JSON.parse(new TextDecoder().decode(o.read("deal.json"))) as Record<string, unknown>;
    expect(doc).toMatchObject({ type: "landtrade.deal-confirmation.v1", parcelId, bidderNo: G.no, winnerName: "赵国密", priceFen: String(START + 3n * INC), pdfSha256: createHash("sha256").update(pdf).digest("hex") });
  });
});
