/**
 * Error-code runbooks generated from the one error catalogue (one per code,
 * in step at start-up, idempotent, staff additions preserved, new codes such
 * as SEC_* picked up, removed codes retired) and the self-diagnosis API:
 * server time from the injected clock, and a certificate check that reads
 * real OpenSSL certificates, reports our CA's status for its own, and answers
 * garbage with KB_DIAG_CERT_INVALID.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../../src/shared/error-catalogue.js";
import type { ErrorSpec } from "../../src/shared/error-spec.js";
import { runbookSlug } from "../../src/support/kb/runbook-sync.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";

const CODES = Object.keys(ERROR_CATALOGUE);

describe("error-code runbooks", () => {
  let s: TestSystem;
  let writer: LoggedIn;

  beforeAll(async () => {
    s = await startTestSystem();
    await s.c.staff.create({ username: "writer", displayName: "孙工程师", roles: ["tech_support"], password: TEST_PASSWORD }, "system:test");
    writer = await login(s.app, "writer");
  }, 180_000);
  afterAll(() => s?.close());

  const pub = (url: string) => s.app.inject({ url });
  const as = () => ({ cookie: writer.cookie, "x-csrf-token": writer.csrf });

  it("start-up created one published runbook per catalogue code, without touching the audit chain", async () => {
    const rows = await s.dbh.db.selectFrom("kb_article").select(["error_code", "slug", "published_version"]).where("error_code", "is not", null).execute();
    expect(rows.map((r) => r.error_code).sort()).toEqual([...CODES].sort());
    expect(rows.every((r) => r.published_version === 1 && r.slug === runbookSlug(r.error_code!))).toBe(true);
    // The sync is the system applying shipped code: recorded in the article history, not the audit chain.
    expect((await s.c.store.read.audit.list({ limit: 100 })).filter((e) => e.action.startsWith("kb."))).toEqual([]);
    const a = (await pub("/api/public/kb/articles/error-kb-query-invalid")).json();
    expect(a).toMatchObject({ errorCode: "KB_QUERY_INVALID", kind: "runbook", category: "error_code", title: `KB_QUERY_INVALID — ${ERROR_CATALOGUE.KB_QUERY_INVALID.zh}` });
    expect(a.generated).toEqual({
      code: "KB_QUERY_INVALID",
      status: 400,
      zh: ERROR_CATALOGUE.KB_QUERY_INVALID.zh,
      en: ERROR_CATALOGUE.KB_QUERY_INVALID.en,
      cause: ERROR_CATALOGUE.KB_QUERY_INVALID.cause,
      remedy: ERROR_CATALOGUE.KB_QUERY_INVALID.remedy,
    });
  });

  it("a second sync with the same catalogue writes nothing", async () => {
    const before = await s.dbh.db.selectFrom("kb_article").select(["id", "updated_at"]).orderBy("id").execute();
    expect(await s.c.kb.runbooks.sync(ERROR_CATALOGUE)).toEqual({ created: [], updated: [], retired: [], unchanged: CODES.length });
    expect(await s.dbh.db.selectFrom("kb_article").select(["id", "updated_at"]).orderBy("id").execute()).toEqual(before);
  });

  it("keeps the staff's additions when the catalogue changes, and picks up new codes", async () => {
    const id = (await s.dbh.db.selectFrom("kb_article").select("id").where("error_code", "=", "AUTH_REQUIRED").executeTakeFirstOrThrow()).id;
    const add = await s.app.inject({
      method: "PUT",
      url: `/api/kb/articles/${id}/draft`,
      headers: as(),
      payload: { baseVersion: 1, content: { title: "ignored: generated", body: "现场经验：多见于浏览器禁用 Cookie。", tags: ["AUTH_REQUIRED", "Cookie"], visibility: "public" } },
    });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json().latest.title).toBe(`AUTH_REQUIRED — ${ERROR_CATALOGUE.AUTH_REQUIRED.zh}`);
    await s.app.inject({ method: "POST", url: `/api/kb/articles/${id}/publish`, headers: as(), payload: {} });
    // The generated part's category cannot be changed.
    const cat = await s.app.inject({ method: "PUT", url: `/api/kb/articles/${id}/draft`, headers: as(), payload: { baseVersion: 2, category: "client", content: { title: "x", visibility: "public" } } });
    expect(cat.json().code).toBe("KB_MANAGED_FIELD");

    // A new build ships a reworded remedy and the security service's new code.
    const next: Record<string, ErrorSpec> = {
      ...ERROR_CATALOGUE,
      AUTH_REQUIRED: { ...ERROR_CATALOGUE.AUTH_REQUIRED, remedy: { zh: "请重新插入 USBKey 后登录。", en: "Re-insert the USB key and log in." } },
      SEC_TEST_CERT_REVOKED: {
        status: 403,
        zh: "证书已被吊销",
        en: "The certificate has been revoked",
        cause: { zh: "USBKey 损坏或丢失后原证书被吊销。", en: "The certificate was revoked after the key was damaged or lost." },
        remedy: { zh: "到国土局申请新的 USBKey 和数字证书。", en: "Apply at the bureau for a new key and certificate." },
      },
    };
    const r = await s.c.kb.runbooks.sync(next);
    expect(r).toMatchObject({ created: ["SEC_TEST_CERT_REVOKED"], updated: ["AUTH_REQUIRED"], retired: [] });

    const auth = (await pub("/api/public/kb/articles/error-auth-required")).json();
    expect(auth.body).toBe("现场经验：多见于浏览器禁用 Cookie。");
    expect(auth.tags).toEqual(["AUTH_REQUIRED", "Cookie"]);
    expect(auth.generated.remedy.zh).toBe("请重新插入 USBKey 后登录。");
    expect(auth.summary).toBe("请重新插入 USBKey 后登录。");
    const found = (await pub(`/api/public/kb/search?q=${encodeURIComponent("重新插入USBKey")}`)).json();
    expect(found.items.map((h: { slug: string }) => h.slug)).toContain("error-auth-required");
    const sec = (await pub(`/api/public/kb/search?q=${encodeURIComponent("证书已被吊销")}`)).json();
    // Other areas' revocation codes (e.g. TRADE_BID_CERT_REVOKED) say the same words: the new one is among the first.
    const hit = (sec.items as { slug: string; snippet: { hit: boolean }[] }[]).slice(0, 5).find((h) => h.slug === "error-sec-test-cert-revoked");
    expect(hit?.snippet.some((p) => p.hit)).toBe(true);
  });

  it("retires a code that leaves the catalogue, and brings it back if it returns", async () => {
    const r = await s.c.kb.runbooks.sync(ERROR_CATALOGUE);
    expect(r.retired).toEqual(["SEC_TEST_CERT_REVOKED"]);
    expect((await pub("/api/public/kb/articles/error-sec-test-cert-revoked")).statusCode).toBe(404);
    // AUTH_REQUIRED went back to the shipped remedy; the additions stay.
    expect((await pub("/api/public/kb/articles/error-auth-required")).json()).toMatchObject({ body: "现场经验：多见于浏览器禁用 Cookie。", summary: ERROR_CATALOGUE.AUTH_REQUIRED.remedy.zh });
    expect((await s.c.kb.runbooks.sync(ERROR_CATALOGUE)).retired).toEqual([]);
  });

  it("two syncs racing do not create duplicates", async () => {
    const extra = { ...ERROR_CATALOGUE, SEC_TEST_RACE: { status: 400, zh: "并发测试", en: "race test" } };
    const [a, b] = await Promise.all([s.c.kb.runbooks.sync(extra), s.c.kb.runbooks.sync(extra)]);
    expect([...a.created, ...b.created]).toEqual(["SEC_TEST_RACE"]);
    const n = await s.dbh.db.selectFrom("kb_article").select("id").where("error_code", "=", "SEC_TEST_RACE").execute();
    expect(n).toHaveLength(1);
  });
});

describe("self-diagnosis API", () => {
  let s: TestSystem;
  let dir: string;
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });

  beforeAll(async () => {
    s = await startTestSystem();
    dir = mkdtempSync(path.join(os.tmpdir(), "kb-diag-"));
    // Valid from now (the real clock) for 30 days; the test clock is set around it below.
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key", "-out", "ec.pem", "-days", "30", "-utf8", "-subj", "/C=CN/O=长沙某置业有限公司/CN=张三");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-out", "rsa.pem", "-days", "30", "-subj", "/CN=legacy");
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (certificate: unknown) => s.app.inject({ method: "POST", url: "/api/public/diagnose/certificate", payload: { certificate } });
  const pem = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const der = (f: string) => new Uint8Array(Buffer.from(pem(f).replace(/-----[^-]+-----|\s/g, ""), "base64"));

  it("tells the server time from the injected clock", async () => {
    s.clock.set("2026-03-02T08:30:00.000Z");
    const r = await s.app.inject({ url: "/api/public/time" });
    expect(r.json()).toEqual({ now: "2026-03-02T08:30:00.000Z", epochMs: Date.parse("2026-03-02T08:30:00.000Z") });
    expect(r.headers["cache-control"]).toBe("no-store");
  });

  it("reads a real certificate: names, serial, validity against the server clock, key and signature algorithms", async () => {
    const text = openssl("x509", "-in", "ec.pem", "-noout", "-serial", "-enddate", "-fingerprint", "-sha256").toString();
    const serial = /serial=([0-9A-F]+)/.exec(text)![1]!.toLowerCase();
    const notAfter = new Date(/notAfter=(.+)/.exec(text)![1]!);
    s.clock.set(new Date(notAfter.getTime() - 10 * 86_400_000 - 3_600_000));
    const r = await check(pem("ec.pem"));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      subject: "C=CN, O=长沙某置业有限公司, CN=张三",
      issuer: "C=CN, O=长沙某置业有限公司, CN=张三",
      validity: "valid",
      daysLeft: 10,
      keyAlgorithm: "ECDSA P-256",
      signatureAlgorithm: "ECDSA-SHA256",
      selfSigned: true,
      sha256Fingerprint: /Fingerprint=(.+)/.exec(text)![1]!.replace(/:/g, "").toLowerCase(),
      status: { source: "none", state: "unknown" },
    });
    // Stored and looked up as the DER INTEGER content: a leading 00 when the top bit is set.
    expect(r.json().serialNumber).toBe((Number.parseInt(serial[0]!, 16) >= 8 ? "00" : "") + serial);
    // Bare Base64 (no PEM lines) works too; RSA key size is read.
    const rsa = await check(Buffer.from(der("rsa.pem")).toString("base64"));
    expect(rsa.json()).toMatchObject({ keyAlgorithm: "RSA 2048", signatureAlgorithm: "RSA-SHA256", subject: "CN=legacy" });
    s.clock.set(new Date(notAfter.getTime() + 86_400_000));
    expect((await check(pem("ec.pem"))).json().validity).toBe("expired");
  });

  it("reports our CA's status for a certificate it issued: good, then revoked with the reason", async () => {
    const certDer = der("ec.pem");
    const serial = (await check(pem("ec.pem"))).json().serialNumber as string;
    const now = s.clock.now();
    await s.c.store.tx(async (r) => {
      await r.pki.insertCa({ id: "test-sub", suite: "ecdsa-p256", kind: "sub", name: "test", parentId: null, keyRef: null, certDer, ski: "00", notBefore: now, notAfter: now, crlNumber: 0, createdAt: now });
      await r.pki.insertCertificates([
        { serial, caId: "test-sub", profile: "bidder", suite: "ecdsa-p256", subject: "CN=张三", spkiSha256: "00", tbsDer: certDer, certDer: null, status: "pending", notBefore: now, notAfter: now, revokedAt: null, revocationReason: null, holder: null, requestedBy: "test", createdAt: now, issuedAt: null },
      ]);
      await r.pki.markIssued([{ serial, certDer, issuedAt: now }]);
    });
    expect((await check(pem("ec.pem"))).json().status).toEqual({ source: "local-ca", state: "good", revokedAt: null, reason: null, reasonZh: null });
    await s.c.store.tx((r) => r.pki.setStatus(serial, "revoked", new Date("2026-03-01T00:00:00Z"), 1));
    expect((await check(pem("ec.pem"))).json().status).toEqual({ source: "local-ca", state: "revoked", revokedAt: "2026-03-01T00:00:00.000Z", reason: "keyCompromise", reasonZh: "密钥泄露" });
    // A certificate we did not issue has no status here.
    expect((await check(pem("rsa.pem"))).json().status).toMatchObject({ source: "none", state: "unknown" });
  });

  it("answers garbage with KB_DIAG_CERT_INVALID (or validation errors), never a 500, and stores nothing", async () => {
    const auditBefore = (await s.c.store.read.audit.head()).seq;
    const good = pem("ec.pem");
    const garbage = [
      "hello",
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----",
      "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----",
      good.slice(0, good.length / 2) + "\n-----END CERTIFICATE-----",
      Buffer.from("not a certificate at all, just text").toString("base64"),
      Buffer.from(der("ec.pem").slice(0, 40)).toString("base64"),
      Buffer.concat([Buffer.from(der("ec.pem")), Buffer.from([0, 0])]).toString("base64"),
      pem("ec.key"),
    ];
    for (const g of garbage) {
      const r = await check(g);
      expect([r.statusCode, r.json().code], g.slice(0, 60)).toEqual([400, "KB_DIAG_CERT_INVALID"]);
    }
    for (const bad of ["", "x".repeat(65_537), 42, null]) expect((await check(bad)).json().code).toBe("VALIDATION_FAILED");
    const noBody = await s.app.inject({ method: "POST", url: "/api/public/diagnose/certificate", payload: "{not json", headers: { "content-type": "application/json" } });
    expect(noBody.json().code).toBe("REQUEST_MALFORMED");
    expect((await s.c.store.read.audit.head()).seq).toBe(auditBefore);
  });
});
