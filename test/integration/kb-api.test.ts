/**
 * Knowledge-base API end to end on the real database: drafts and published
 * versions, edit history, audited publish/unpublish, public vs internal,
 * links, driver uploads and downloads with their SHA-256, and bad input
 * (unknown kind, oversize or misdirected uploads, conflicts, tampered files)
 * answered with coded errors while nothing is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kbFilesDir } from "../../src/support/kb/knowledge-base.js";
import { login, startTestSystem, TEST_PASSWORD, type LoggedIn, type TestSystem } from "../helpers/app.js";

const MAX_FILE = 4096;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function content(over: Record<string, unknown> = {}) {
  return { title: "如何更换数字证书", summary: "更换流程", body: "携带材料到国土局办理换发。", tags: ["数字证书"], visibility: "public", ...over };
}

describe("knowledge-base API", () => {
  let s: TestSystem;
  let writer: LoggedIn;
  let reader: LoggedIn;
  let dataDir: string;

  beforeAll(async () => {
    s = await startTestSystem({ kbMaxFileBytes: MAX_FILE });
    dataDir = s.c.config.dataDir;
    await s.c.staff.create({ username: "writer", displayName: "孙工程师", roles: ["tech_support"], password: TEST_PASSWORD }, "system:test");
    await s.c.staff.create({ username: "local", displayName: "吴工", roles: ["local_service_point"], password: TEST_PASSWORD }, "system:test");
    writer = await login(s.app, "writer");
    reader = await login(s.app, "local");
  }, 180_000);
  afterAll(() => s?.close());

  const as = (who: LoggedIn) => ({ cookie: who.cookie, "x-csrf-token": who.csrf });
  const post = (url: string, payload: unknown, who = writer) => s.app.inject({ method: "POST", url, payload: payload as object, headers: as(who) });
  const put = (url: string, payload: unknown, who = writer) => s.app.inject({ method: "PUT", url, payload: payload as object, headers: as(who) });
  const staffGet = (url: string, who = writer) => s.app.inject({ url, headers: { cookie: who.cookie } });
  const pub = (url: string) => s.app.inject({ url });
  const articleCount = async () => Number((await s.dbh.db.selectFrom("kb_article").select((e) => e.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  const versionCount = async () => Number((await s.dbh.db.selectFrom("kb_article_version").select((e) => e.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  const auditOf = async (subject: string) => (await s.c.store.read.audit.list({ subject, limit: 50 })).map((e) => ({ action: e.action, actor: e.actor, payload: e.payload as Record<string, unknown> }));

  describe("drafts, versions and publication", () => {
    let id: string;

    it("a new article is a draft: staff see it, the public does not", async () => {
      const r = await post("/api/kb/articles", { kind: "faq", slug: "change-cert", content: content() });
      expect(r.statusCode, r.body).toBe(201);
      const body = r.json();
      id = body.article.id;
      expect(body.article).toMatchObject({ latestVersion: 1, publishedVersion: null, createdBy: "staff:writer" });
      expect(body.latest).toMatchObject({ version: 1, title: "如何更换数字证书", author: "staff:writer" });
      expect((await pub("/api/public/kb/articles/change-cert")).json().code).toBe("KB_ARTICLE_NOT_FOUND");
      // (Error-code runbooks may share the words; the draft itself must not be a public hit.)
      const publicHits = (await pub(`/api/public/kb/search?q=${encodeURIComponent("更换数字证书")}`)).json().items as { slug: string }[];
      expect(publicHits.map((h) => h.slug)).not.toContain("change-cert");
      // Editors can search drafts.
      const drafts = (await staffGet(`/api/kb/search?scope=latest&q=${encodeURIComponent("更换数字证书")}`)).json();
      expect(drafts.items.map((h: { slug: string }) => h.slug)).toContain("change-cert");
    });

    it("publishing is audited and makes it public", async () => {
      const r = await post(`/api/kb/articles/${id}/publish`, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().article).toMatchObject({ publishedVersion: 1, publishedBy: "staff:writer" });
      const a = await pub("/api/public/kb/articles/change-cert");
      expect(a.statusCode).toBe(200);
      expect(a.json()).toMatchObject({ title: "如何更换数字证书", body: "携带材料到国土局办理换发。", version: 1 });
      expect(JSON.stringify(a.json())).not.toContain("staff:writer");
      expect(await auditOf("kb:change-cert")).toEqual([
        expect.objectContaining({ action: "kb.article.publish", actor: "staff:writer", payload: expect.objectContaining({ version: 1, previous: null }) }),
        expect.objectContaining({ action: "kb.article.create", actor: "staff:writer" }),
      ]);
      expect((await post(`/api/kb/articles/${id}/publish`, { version: 1 })).json().code).toBe("KB_ALREADY_PUBLISHED");
    });

    it("a saved edit is a new version; readers keep the published one until it is published", async () => {
      const r = await put(`/api/kb/articles/${id}/draft`, { baseVersion: 1, content: content({ title: "如何换发数字证书", body: "新的办理流程：先预约。" }), note: "流程调整" });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().article).toMatchObject({ latestVersion: 2, publishedVersion: 1 });
      expect(r.json().history.map((h: { version: number; note: string | null; author: string }) => [h.version, h.note, h.author])).toEqual([
        [2, "流程调整", "staff:writer"],
        [1, null, "staff:writer"],
      ]);
      expect((await pub("/api/public/kb/articles/change-cert")).json().title).toBe("如何更换数字证书");
      expect((await staffGet(`/api/kb/articles/${id}/versions/1`)).json().body).toBe("携带材料到国土局办理换发。");

      await post(`/api/kb/articles/${id}/publish`, {});
      expect((await pub("/api/public/kb/articles/change-cert")).json()).toMatchObject({ title: "如何换发数字证书", version: 2 });
      const found = (await pub(`/api/public/kb/search?q=${encodeURIComponent("先预约")}`)).json();
      expect(found.items.map((h: { slug: string }) => h.slug)).toEqual(["change-cert"]);
      // The old body is no longer what readers search.
      expect((await pub(`/api/public/kb/search?q=${encodeURIComponent("携带材料")}`)).json().items.map((h: { slug: string }) => h.slug)).not.toContain("change-cert");
    });

    it("an edit based on an old version is refused and stores nothing", async () => {
      const before = await versionCount();
      const r = await put(`/api/kb/articles/${id}/draft`, { baseVersion: 1, content: content({ title: "过时的修改" }) });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ code: "KB_VERSION_CONFLICT", latestVersion: 2 });
      expect(await versionCount()).toBe(before);
    });

    it("internal articles: staff read them, the public gets not-found", async () => {
      await put(`/api/kb/articles/${id}/draft`, { baseVersion: 2, content: content({ title: "内部：换发流程", visibility: "internal" }) });
      await post(`/api/kb/articles/${id}/publish`, {});
      expect((await pub("/api/public/kb/articles/change-cert")).statusCode).toBe(404);
      // Other public articles (e.g. error-code runbooks) may also say 流程; this one must not be among the hits.
      expect((await pub(`/api/public/kb/search?q=${encodeURIComponent("换发流程")}`)).json().items.map((h: { slug: string }) => h.slug)).not.toContain("change-cert");
      const st = await staffGet("/api/kb/read/change-cert", reader);
      expect(st.statusCode).toBe(200);
      expect(st.json()).toMatchObject({ title: "内部：换发流程", visibility: "internal" });
      expect((await staffGet(`/api/kb/search?q=${encodeURIComponent("换发流程")}`, reader)).json().items.map((h: { slug: string }) => h.slug)).toContain("change-cert");
    });

    it("unpublishing needs a reason, is audited, and hides the article", async () => {
      expect((await post(`/api/kb/articles/${id}/unpublish`, { reason: "" })).json().code).toBe("VALIDATION_FAILED");
      const r = await post(`/api/kb/articles/${id}/unpublish`, { reason: "流程已废止" });
      expect(r.statusCode).toBe(200);
      expect(r.json().article.publishedVersion).toBeNull();
      expect((await staffGet("/api/kb/read/change-cert")).statusCode).toBe(404);
      expect((await auditOf("kb:change-cert"))[0]).toMatchObject({ action: "kb.article.unpublish", payload: expect.objectContaining({ reason: "流程已废止", version: 3 }) });
      expect((await post(`/api/kb/articles/${id}/unpublish`, { reason: "again" })).json().code).toBe("KB_NOT_PUBLISHED");
    });

    it("links: only to existing articles; readers see only the links they may read", async () => {
      const target = (await post("/api/kb/articles", { kind: "faq", slug: "link-target", content: content({ title: "被关联的文章" }), publish: true })).json();
      const internal = (await post("/api/kb/articles", { kind: "faq", slug: "link-internal", content: content({ title: "内部文章", visibility: "internal" }), publish: true })).json();
      const r = await post("/api/kb/articles", { kind: "faq", slug: "link-source", content: content({ related: [target.article.id, internal.article.id] }), publish: true });
      expect(r.statusCode, r.body).toBe(201);
      expect((await pub("/api/public/kb/articles/link-source")).json().related.map((x: { slug: string }) => x.slug)).toEqual(["link-target"]);
      expect((await staffGet("/api/kb/read/link-source")).json().related.map((x: { slug: string }) => x.slug)).toEqual(["link-target", "link-internal"]);

      const n = await articleCount();
      const bad = await post("/api/kb/articles", { kind: "faq", slug: "link-bad", content: content({ related: ["00000000-0000-4000-8000-000000000000"] }) });
      expect(bad.json().code).toBe("KB_RELATED_UNKNOWN");
      const self = await put(`/api/kb/articles/${target.article.id}/draft`, { baseVersion: 1, content: content({ related: [target.article.id] }) });
      expect(self.json().code).toBe("KB_RELATED_UNKNOWN");
      expect(await articleCount()).toBe(n);
    });
  });

  describe("bad input is refused with a code and stores nothing", () => {
    it("unknown kind, bad slug, taken or reserved slug, wrong sub-fault", async () => {
      const n = await articleCount();
      const kind = await post("/api/kb/articles", { kind: "rumour", content: content() });
      expect(kind.statusCode).toBe(400);
      expect(kind.json().code).toBe("VALIDATION_FAILED");
      expect(kind.json().errors.map((e: { field: string }) => e.field)).toContain("body.kind");
      expect((await post("/api/kb/articles", { kind: "faq", slug: "Bad Slug", content: content() })).json().code).toBe("VALIDATION_FAILED");
      expect((await post("/api/kb/articles", { kind: "faq", slug: "link-target", content: content() })).json().code).toBe("KB_SLUG_TAKEN");
      expect((await post("/api/kb/articles", { kind: "faq", slug: "error-auth-required", content: content() })).json().code).toBe("KB_SLUG_TAKEN");
      expect((await post("/api/kb/articles", { kind: "runbook", category: "client", subFault: "wont_boot", content: content() })).json().code).toBe("VALIDATION_FAILED");
      expect((await post("/api/kb/articles", { kind: "runbook", category: "error_code", content: content() })).json().code).toBe("KB_MANAGED_FIELD");
      expect((await post("/api/kb/articles", { kind: "faq", content: content({ title: "" }) })).json().code).toBe("VALIDATION_FAILED");
      expect((await post("/api/kb/articles", { kind: "faq", content: content({ visibility: "secret" }) })).json().code).toBe("VALIDATION_FAILED");
      expect(await articleCount()).toBe(n);
    });

    it("read-only support roles cannot write; the public cannot reach staff routes", async () => {
      const r = await post("/api/kb/articles", { kind: "faq", content: content() }, reader);
      expect(r.statusCode).toBe(403);
      expect((await s.app.inject({ url: "/api/kb/articles" })).json().code).toBe("AUTH_REQUIRED");
    });
  });

  describe("driver downloads", () => {
    let driverId: string;
    const pkg = randomBytes(3000);

    it("uploads raw bytes; the SHA-256 is computed, recorded and audited", async () => {
      driverId = (await post("/api/kb/articles", { kind: "driver", slug: "usbkey-driver", content: content({ title: "USBKey 驱动" }) })).json().article.id;
      const r = await s.app.inject({
        method: "POST",
        url: `/api/kb/articles/${driverId}/files?fileName=${encodeURIComponent("USBKey驱动-2.1.exe")}&version=2.1.0&platform=Windows`,
        payload: pkg,
        headers: { ...as(writer), "content-type": "application/octet-stream" },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ fileName: "USBKey驱动-2.1.exe", version: "2.1.0", platform: "Windows", size: 3000, sha256: sha256(pkg) });
      expect((await auditOf("kb:usbkey-driver"))[0]).toMatchObject({ action: "kb.file.upload", payload: expect.objectContaining({ sha256: sha256(pkg), size: 3000 }) });
      const fileId = r.json().id as string;
      // Not public until the article is published.
      expect((await pub(`/api/public/kb/files/${fileId}`)).json().code).toBe("KB_FILE_NOT_FOUND");
      expect((await staffGet(`/api/kb/files/${fileId}`)).statusCode).toBe(200);
    });

    it("serves the download with its name, size and hash once published", async () => {
      await post(`/api/kb/articles/${driverId}/publish`, {});
      const list = (await pub("/api/public/kb/downloads")).json().items;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ fileName: "USBKey驱动-2.1.exe", sha256: sha256(pkg), article: { slug: "usbkey-driver" } });
      const d = await pub(list[0].downloadUrl);
      expect(d.statusCode).toBe(200);
      expect(d.headers["content-disposition"]).toBe(`attachment; filename="USBKey__-2.1.exe"; filename*=UTF-8''${encodeURIComponent("USBKey驱动-2.1.exe")}`);
      expect(d.headers["x-checksum-sha256"]).toBe(sha256(pkg));
      expect(d.headers["repr-digest"]).toBe(`sha-256=:${createHash("sha256").update(pkg).digest("base64")}:`);
      expect(d.headers["content-type"]).toBe("application/octet-stream");
      expect(sha256(d.rawPayload)).toBe(sha256(pkg));
      expect((await pub("/api/public/kb/articles/usbkey-driver")).json().files[0].sha256).toBe(sha256(pkg));
    });

    it("refuses an oversize upload while it streams in, and keeps nothing", async () => {
      const filesBefore = await s.dbh.db.selectFrom("kb_file").selectAll().execute();
      const blobsBefore = existsSync(kbFilesDir(dataDir)) ? readdirSync(kbFilesDir(dataDir), { recursive: true }).length : 0;
      const r = await s.app.inject({
        method: "POST",
        url: `/api/kb/articles/${driverId}/files?fileName=big.zip&version=1&platform=Linux`,
        payload: randomBytes(MAX_FILE + 1),
        headers: { ...as(writer), "content-type": "application/octet-stream" },
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe("KB_FILE_TOO_LARGE");
      expect(await s.dbh.db.selectFrom("kb_file").selectAll().execute()).toEqual(filesBefore);
      expect(readdirSync(kbFilesDir(dataDir), { recursive: true }).length).toBe(blobsBefore);
    });

    it("refuses empty files, files for other kinds, JSON bodies and path-like names", async () => {
      const n = (await s.dbh.db.selectFrom("kb_file").selectAll().execute()).length;
      const up = (url: string, payload: Buffer | object, type = "application/octet-stream") =>
        s.app.inject({ method: "POST", url, payload, headers: { ...as(writer), "content-type": type } });
      const faqId = (await post("/api/kb/articles", { kind: "faq", content: content() })).json().article.id;
      expect((await up(`/api/kb/articles/${driverId}/files?fileName=a.zip&version=1&platform=x`, Buffer.alloc(0))).json().code).toBe("KB_FILE_EMPTY");
      expect((await up(`/api/kb/articles/${faqId}/files?fileName=a.zip&version=1&platform=x`, Buffer.from("zip"))).json().code).toBe("KB_FILE_KIND");
      expect((await up(`/api/kb/articles/${driverId}/files?fileName=a.zip&version=1&platform=x`, { a: 1 }, "application/json")).json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect((await up(`/api/kb/articles/${driverId}/files?fileName=..%2Fetc%2Fpasswd&version=1&platform=x`, Buffer.from("x"))).json().code).toBe("VALIDATION_FAILED");
      expect((await up(`/api/kb/articles/${driverId}/files?version=1&platform=x`, Buffer.from("x"))).json().code).toBe("VALIDATION_FAILED");
      expect((await s.dbh.db.selectFrom("kb_file").selectAll().execute()).length).toBe(n);
    });

    it("refuses to serve a file altered on disk", async () => {
      const f = (await pub("/api/public/kb/downloads")).json().items[0];
      const file = path.join(kbFilesDir(dataDir), f.sha256.slice(0, 2), f.sha256);
      writeFileSync(file, Buffer.from("tampered"));
      const r = await pub(f.downloadUrl);
      expect(r.statusCode).toBe(500);
      expect(r.json().code).toBe("KB_FILE_CORRUPT");
      writeFileSync(file, pkg);
      expect((await pub(f.downloadUrl)).statusCode).toBe(200);
    });

    it("a withdrawn file is no longer offered; the withdrawal is audited", async () => {
      const f = (await pub("/api/public/kb/downloads")).json().items[0];
      const w = await s.app.inject({ method: "POST", url: `/api/kb/files/${f.id}/withdraw`, headers: as(writer) });
      expect(w.statusCode, w.body).toBe(204);
      expect((await pub(f.downloadUrl)).json().code).toBe("KB_FILE_NOT_FOUND");
      expect((await pub("/api/public/kb/downloads")).json().items).toEqual([]);
      expect((await auditOf(`kb-file:${f.id}`))[0]).toMatchObject({ action: "kb.file.withdraw" });
      const editor = (await staffGet(`/api/kb/articles/${driverId}`)).json();
      expect(editor.files[0].withdrawnAt).not.toBeNull();
    });
  });

  it("the audit chain still verifies after all of this", async () => {
    expect((await s.c.audit.verify(s.c.store.read.audit)).ok).toBe(true);
  });
});
