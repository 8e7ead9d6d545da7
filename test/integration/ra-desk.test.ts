/**
 * The RA desk over HTTP with real staff sessions: applicants with checked ID
 * numbers and credit codes, scans with SHA-256, applications through vetting
 * and dual-control approval to an enrollment code, enrollment and
 * activation, and every kind of bad input answered with its code while the
 * database stays as it was (row counts before/after).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR } from "../../src/app/clock.js";
import { buildCsr } from "../../src/pki/asn1/csr-builder.js";
import { activationMessage } from "../../src/ra/enrollment.service.js";
import { generateSoftKey } from "../../src/ra/km/key-pair.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";
import { ensureCa, TINY_PNG, uniqueResidentId, uniqueUscc } from "../helpers/bidder.js";
import { countRows, RA_TABLES } from "../helpers/rows.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const PDF = utf8("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const GIF = utf8("GIF89a\x01\x00\x01\x00");

describe("RA desk", () => {
  let s: TestSystem;
  let op: LoggedIn; // ra_operator
  let op2: LoggedIn; // ra_operator + ra_auditor (one person holding both roles)
  let aud: LoggedIn; // ra_auditor
  let desk: LoggedIn; // service desk: no RA role

  beforeAll(async () => {
    s = await startTestSystem();
    await ensureCa(s.c, "ecdsa-p256");
    const mk = (username: string, roles: string[]) => s.c.staff.create({ username, displayName: username, roles: roles as never, password: TEST_PASSWORD }, "system:test");
    await mk("liu", ["ra_operator"]);
    await mk("both", ["ra_operator", "ra_auditor"]);
    await mk("chen", ["ra_auditor"]);
    await mk("zhao", ["service_desk"]);
    op = await login(s.app, "liu");
    op2 = await login(s.app, "both");
    aud = await login(s.app, "chen");
    desk = await login(s.app, "zhao");
  }, 120_000);
  afterAll(() => s.close());

  const call = (who: LoggedIn | null, method: "GET" | "POST", url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    s.app.inject({ method, url, payload: payload as never, headers: { ...(who ? { cookie: who.cookie, "x-csrf-token": who.csrf } : {}), ...headers } });

  /** Runs fn and asserts no RA/PKI row was added or removed. */
  async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
    const before = await countRows(s.dbh.db, RA_TABLES);
    const out = await fn();
    expect(await countRows(s.dbh.db, RA_TABLES)).toEqual(before);
    return out;
  }

  async function individual(name = "张三") {
    const r = await call(op, "POST", "/api/ra/applicants", { kind: "individual", name, idNumber: uniqueResidentId(), phone: "13800138000", email: "Zhang.San@Example.org" });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string };
  }

  async function upload(applicantId: string, kind: string, body: Uint8Array, type = "image/png") {
    return s.app.inject({
      method: "POST",
      url: `/api/ra/applicants/${applicantId}/documents?kind=${kind}&fileName=${encodeURIComponent(`${kind}.png`)}`,
      payload: Buffer.from(body),
      headers: { cookie: op.cookie, "x-csrf-token": op.csrf, "content-type": type },
    });
  }

  describe("applicants", () => {
    it("registers an individual: ID number checked and masked in answers, e-mail normalised, audit-logged", async () => {
      const idNumber = uniqueResidentId();
      const r = await call(op, "POST", "/api/ra/applicants", { kind: "individual", name: "王小明", idNumber, phone: "13800138000", email: "Wang@Example.ORG" });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ kind: "individual", name: "王小明", idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`, email: "wang@example.org", createdBy: "staff:liu" });
      const found = await call(op, "GET", `/api/ra/applicants?q=${idNumber}`);
      expect(found.json().items.map((a: { id: string }) => a.id)).toEqual([r.json().id]);
      const audit = await s.c.store.read.audit.list({ subject: `applicant:${r.json().id}`, limit: 5 });
      expect(audit[0]).toMatchObject({ action: "ra.applicant.register", actor: "staff:liu" });
      expect(JSON.stringify(audit[0]!.payload)).not.toContain(idNumber); // never the full number in the log
    });

    it("registers an enterprise with USCC, legal representative and authorised agent", async () => {
      const uscc = uniqueUscc();
      const r = await call(op, "POST", "/api/ra/applicants", {
        kind: "enterprise",
        name: "长沙县星沙置业有限公司",
        uscc: uscc.toLowerCase(),
        phone: "0731-84012345",
        email: "ra@xingsha.example.cn",
        legalRepName: "周法人",
        agentName: "吴经办",
        agentIdNumber: uniqueResidentId(),
        agentPhone: "13973100000",
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ kind: "enterprise", uscc, agentName: "吴经办" });
    });

    it.each([
      ["11010519491231002Y", "RA_RESIDENT_ID_INVALID"], // bad character
      ["110105194912310021", "RA_RESIDENT_ID_INVALID"], // check digit
      ["110105203001010027", "RA_RESIDENT_ID_INVALID"], // born in the future
      ["990105194912310025", "RA_RESIDENT_ID_INVALID"], // no such province
    ])("refuses resident ID %s with %s; nothing stored", async (idNumber, code) => {
      const r = await unchanged(() => call(op, "POST", "/api/ra/applicants", { kind: "individual", name: "错号", idNumber, phone: "13800138000", email: "x@example.org" }));
      expect([r.statusCode, r.json().code]).toEqual([400, code]);
    });

    it.each([
      ["91350100M000100Y44", "RA_USCC_INVALID"], // check character
      ["91350100M000100I43", "RA_USCC_INVALID"], // I is not in the alphabet
      ["97350100M000100Y43", "RA_USCC_INVALID"], // no such registration type
    ])("refuses credit code %s; nothing stored", async (uscc, code) => {
      const r = await unchanged(() =>
        call(op, "POST", "/api/ra/applicants", {
          kind: "enterprise",
          name: "错码公司",
          uscc,
          phone: "0731-84012345",
          email: "x@example.org",
          legalRepName: "某某",
          agentName: "某某某",
          agentIdNumber: uniqueResidentId(),
          agentPhone: "13973100000",
        }),
      );
      expect([r.statusCode, r.json().code]).toEqual([400, code]);
    });

    it("refuses a second applicant with the same ID number, a bad phone, and callers without an RA role", async () => {
      const idNumber = uniqueResidentId();
      const body = { kind: "individual", name: "重复", idNumber, phone: "13800138000", email: "dup@example.org" };
      expect((await call(op, "POST", "/api/ra/applicants", body)).statusCode).toBe(201);
      const dup = await unchanged(() => call(op, "POST", "/api/ra/applicants", { ...body, idNumber: idNumber.toLowerCase() }));
      expect([dup.statusCode, dup.json().code]).toEqual([409, "RA_APPLICANT_EXISTS"]);
      const phone = await unchanged(() => call(op, "POST", "/api/ra/applicants", { ...body, idNumber: uniqueResidentId(), phone: "12345" }));
      expect(phone.json().code).toBe("VALIDATION_FAILED");
      const forbidden = await unchanged(() => call(desk, "POST", "/api/ra/applicants", { ...body, idNumber: uniqueResidentId() }));
      expect(forbidden.json().code).toBe("AUTH_FORBIDDEN");
    });
  });

  describe("document scans", () => {
    it("stores PNG and PDF scans with their SHA-256 and serves them back intact", async () => {
      const a = await individual();
      const png = await upload(a.id, "id_card", TINY_PNG);
      expect(png.statusCode, png.body).toBe(201);
      const { createHash } = await import("node:crypto");
      expect(png.json()).toMatchObject({ kind: "id_card", mediaType: "image/png", sizeBytes: TINY_PNG.length, sha256: createHash("sha256").update(TINY_PNG).digest("hex") });
      const pdf = await upload(a.id, "other", PDF, "application/pdf");
      expect(pdf.statusCode).toBe(201);
      const back = await call(op, "GET", `/api/ra/documents/${png.json().id}`);
      expect(back.headers["content-type"]).toBe("image/png");
      expect(Buffer.compare(back.rawPayload, Buffer.from(TINY_PNG))).toBe(0);
      expect(back.headers["x-content-sha256"]).toBe(png.json().sha256);
    });

    it("refuses other formats, a declared type that lies, and files over 5 MiB; nothing stored", async () => {
      const a = await individual();
      const gif = await unchanged(() => upload(a.id, "id_card", GIF, "image/gif"));
      expect([gif.statusCode, gif.json().code]).toEqual([415, "RA_DOCUMENT_TYPE"]);
      const liar = await unchanged(() => upload(a.id, "id_card", PDF, "image/png"));
      expect([liar.statusCode, liar.json().code]).toEqual([415, "RA_DOCUMENT_TYPE"]);
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      big.set(TINY_PNG.subarray(0, 8));
      const tooBig = await unchanged(() => upload(a.id, "id_card", big));
      expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, "RA_DOCUMENT_TOO_LARGE"]);
      const wayTooBig = await unchanged(() => upload(a.id, "id_card", new Uint8Array(7 * 1024 * 1024)));
      expect(wayTooBig.statusCode).toBe(413);
      const noApplicant = await unchanged(() => upload("00000000-0000-0000-0000-000000000000", "id_card", TINY_PNG));
      expect(noApplicant.json().code).toBe("RA_APPLICANT_NOT_FOUND");
    });
  });

  describe("applications: vetting, dual control, codes, enrollment", () => {
    async function vettedApplication(vetter: LoggedIn = op) {
      const a = await individual();
      expect((await upload(a.id, "id_card", TINY_PNG)).statusCode).toBe(201);
      const app = await call(vetter, "POST", "/api/ra/applications", { applicantId: a.id, type: "new", suite: "ecdsa-p256", tokenKind: "soft" });
      expect(app.statusCode, app.body).toBe(201);
      const vet = await call(vetter, "POST", `/api/ra/applications/${app.json().id}/vet`, { originalsChecked: true, note: "身份证原件已当面核对" });
      expect(vet.json().state).toBe("vetted");
      return { applicantId: a.id, id: app.json().id as string };
    }

    it("vetting needs the scans on file and the originals confirmed", async () => {
      const a = await individual();
      const app = (await call(op, "POST", "/api/ra/applications", { applicantId: a.id, type: "new" })).json();
      const noScan = await unchanged(() => call(op, "POST", `/api/ra/applications/${app.id}/vet`, { originalsChecked: true }));
      expect([noScan.statusCode, noScan.json().code]).toEqual([409, "RA_DOCUMENT_MISSING"]);
      await upload(a.id, "id_card", TINY_PNG);
      const unchecked = await unchanged(() => call(op, "POST", `/api/ra/applications/${app.id}/vet`, { originalsChecked: false }));
      expect(unchecked.json().code).toBe("RA_ORIGINALS_NOT_CHECKED");
      expect((await call(op, "GET", `/api/ra/applications/${app.id}`)).json().state).toBe("submitted");
    });

    it("dual control: one person holding both roles can vet, but never approve what they vetted or entered", async () => {
      const mine = await vettedApplication(op2);
      const self = await unchanged(() => call(op2, "POST", `/api/ra/applications/${mine.id}/approve`, { confirm: true }));
      expect([self.statusCode, self.json().code]).toEqual([403, "RA_DUAL_CONTROL"]);
      expect(self.json().messageZh).toContain("双人控制");
      // An operator without the auditor role is stopped at the route.
      const operator = await unchanged(() => call(op, "POST", `/api/ra/applications/${mine.id}/approve`, { confirm: true }));
      expect(operator.json().code).toBe("AUTH_FORBIDDEN");
      const ok = await call(aud, "POST", `/api/ra/applications/${mine.id}/approve`, { confirm: true });
      expect(ok.json()).toMatchObject({ state: "approved", approvedBy: "staff:chen", vettedBy: "staff:both" });
      // Someone else's application: the both-roles person may approve it.
      const other = await vettedApplication(op);
      expect((await call(op2, "POST", `/api/ra/applications/${other.id}/approve`, { confirm: true })).json().state).toBe("approved");
    });

    it("the database refuses an approval by the vetter even if the code were bypassed", async () => {
      const app = await vettedApplication(op);
      await expect(s.c.store.read.ra.updateApplication(app.id, { state: "approved", approvedBy: "staff:liu", approvedAt: s.clock.now() })).rejects.toThrow(/ra_application_dual_control/);
    });

    it("full path to an active certificate; every transition is in the audit log in order", async () => {
      const app = await vettedApplication(op);
      await call(aud, "POST", `/api/ra/applications/${app.id}/approve`, { confirm: true });
      const code = await call(op, "POST", `/api/ra/applications/${app.id}/code`, { ttlHours: 48 });
      expect(code.statusCode, code.body).toBe(200);
      expect(code.json().code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(code.json().application.state).toBe("code_issued");

      const basic = `Basic ${Buffer.from(`${app.id}:${code.json().code}`).toString("base64")}`;
      const info = await call(null, "GET", `/api/portal/enrollment/${app.id}`, undefined, { authorization: basic });
      expect(info.json()).toMatchObject({ suite: "ecdsa-p256", tokenKind: "soft", state: "code_issued", dual: false });
      expect(info.json().subject).toContain("CN=张三");

      const key = generateSoftKey("ecdsa-p256");
      const issued = await s.c.ra.enrollment.enroll(app.id, code.json().code, await buildCsr([["CN", "whatever the client says"]], key));
      expect((await s.c.pki.ca.certificate(issued.serial))).toMatchObject({ holder: app.applicantId, profile: "individual-sign", status: "issued" });
      expect((await s.c.pki.ca.certificate(issued.serial))!.subject).toBe(`C=CN, CN=张三, serialNumber=${app.applicantId}`);

      const badSig = await call(null, "POST", `/api/portal/enrollment/${app.id}/activate`, { signature: Buffer.from(await generateSoftKey("ecdsa-p256").sign(utf8("x"))).toString("base64") }, { authorization: basic });
      expect(badSig.json().code).toBe("RA_LOGIN_WRONG_KEY");
      const sig = await key.sign(utf8(activationMessage(app.id, issued.serial)));
      const act = await call(null, "POST", `/api/portal/enrollment/${app.id}/activate`, { signature: Buffer.from(sig).toString("base64") }, { authorization: basic });
      expect(act.statusCode, act.body).toBe(200);
      expect(act.json()).toMatchObject({ serial: issued.serial, application: { state: "active" }, delivery: null });

      const trail = (await s.c.store.read.audit.list({ subject: `application:${app.id}`, limit: 20 })).reverse().map((e) => e.action);
      expect(trail).toEqual(["ra.application.submit", "ra.application.vet", "ra.application.approve", "ra.application.issueCode", "ra.application.enroll", "ra.application.activate"]);
    });

    it("codes: wrong, expired, reused → coded errors and nothing changed", async () => {
      const app = await vettedApplication(op);
      await call(aud, "POST", `/api/ra/applications/${app.id}/approve`, { confirm: true });
      const { code } = (await call(op, "POST", `/api/ra/applications/${app.id}/code`, { ttlHours: 1 })).json();
      const key = generateSoftKey("ecdsa-p256");
      const csr = await buildCsr([["CN", "x"]], key);

      const wrong = await unchanged(() => s.c.ra.enrollment.enroll(app.id, "AAAA-BBBB-CCCC-DDDD", csr).catch((e) => e));
      expect(wrong.code).toBe("RA_CODE_INVALID");
      const unknownApp = await unchanged(() => s.c.ra.enrollment.enroll("no-such-application", code, csr).catch((e) => e));
      expect(unknownApp.code).toBe("RA_CODE_INVALID");

      s.clock.advance(HOUR);
      const expired = await unchanged(() => s.c.ra.enrollment.enroll(app.id, code, csr).catch((e) => e));
      expect(expired.code).toBe("RA_CODE_EXPIRED");
      // A new code replaces the old one; the old one no longer works.
      const { code: code2 } = (await call(op, "POST", `/api/ra/applications/${app.id}/code`, {})).json();
      expect((await unchanged(() => s.c.ra.enrollment.enroll(app.id, code, csr).catch((e) => e))).code).toBe("RA_CODE_INVALID");
      await s.c.ra.enrollment.enroll(app.id, code2, csr);
      const reused = await unchanged(() => s.c.ra.enrollment.enroll(app.id, code2, csr).catch((e) => e));
      expect(reused.code).toBe("RA_CODE_USED");
    });

    it("a key already on another token, or certified to another subject, cannot be enrolled", async () => {
      const ready = async () => {
        const app = await vettedApplication(op);
        await call(aud, "POST", `/api/ra/applications/${app.id}/approve`, { confirm: true });
        return { ...app, code: (await call(op, "POST", `/api/ra/applications/${app.id}/code`, {})).json().code as string };
      };
      const first = await ready();
      const key = generateSoftKey("ecdsa-p256");
      await s.c.ra.enrollment.enroll(first.id, first.code, await buildCsr([["CN", "a"]], key));
      const second = await ready();
      const e = await unchanged(async () => s.c.ra.enrollment.enroll(second.id, second.code, await buildCsr([["CN", "b"]], key)).catch((x) => x));
      expect(e.code).toBe("RA_KEY_ON_OTHER_TOKEN");
      // A key certified outside the RA (a server certificate) is refused too.
      const serverKey = generateSoftKey("ecdsa-p256");
      await s.c.pki.ca.issue({ suite: "ecdsa-p256", csr: await buildCsr([["CN", "srv.example.cn"]], serverKey, { dnsNames: ["srv.example.cn"] }), profile: "server-tls", actor: "test", via: "admin" });
      const e2 = await unchanged(async () => s.c.ra.enrollment.enroll(second.id, second.code, await buildCsr([["CN", "b"]], serverKey)).catch((x) => x));
      expect(e2.code).toBe("RA_KEY_ON_OTHER_TOKEN");
      // A key of the wrong suite.
      const e3 = await unchanged(async () => s.c.ra.enrollment.enroll(second.id, second.code, await buildCsr([["CN", "b"]], generateSoftKey("sm2"))).catch((x) => x));
      expect(e3.code).toBe("PKI_KEY_UNSUPPORTED");
      // The code is still good after the refusals.
      await s.c.ra.enrollment.enroll(second.id, second.code, await buildCsr([["CN", "b"]], generateSoftKey("ecdsa-p256")));
    });

    it("rejection needs a reason; a rejected application goes no further", async () => {
      const app = await vettedApplication(op);
      const noReason = await unchanged(() => call(aud, "POST", `/api/ra/applications/${app.id}/reject`, { reason: " " }));
      expect(noReason.json().code).toBe("RA_REASON_REQUIRED");
      const r = await call(aud, "POST", `/api/ra/applications/${app.id}/reject`, { reason: "身份证已过有效期" });
      expect(r.json()).toMatchObject({ state: "rejected", rejectReason: "身份证已过有效期", rejectedBy: "staff:chen", next: [] });
      const late = await unchanged(() => call(aud, "POST", `/api/ra/applications/${app.id}/approve`, { confirm: true }));
      expect([late.statusCode, late.json().code]).toEqual([409, "RA_TRANSITION_INVALID"]);
    });

    it("the auditor's queue lists vetted applications", async () => {
      const app = await vettedApplication(op);
      const q = await call(aud, "GET", "/api/ra/applications?state=vetted");
      expect(q.json().items.some((a: { id: string; applicantName: string }) => a.id === app.id && a.applicantName === "张三")).toBe(true);
      expect(q.json().items.every((a: { state: string }) => a.state === "vetted")).toBe(true);
    });
  });
});
