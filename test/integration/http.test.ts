import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/storage/migrate.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";

describe("HTTP basics", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem({ bodyLimitBytes: 4096 });
  });
  afterAll(() => s.close());

  it("answers /healthz and /readyz", async () => {
    expect((await s.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const r = await s.app.inject("/readyz");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: "ready", migrations: Object.keys(MIGRATIONS).length });
  });

  it("echoes a request id and generates one otherwise", async () => {
    const r = await s.app.inject({ url: "/healthz", headers: { "x-request-id": "req-123" } });
    expect(r.headers["x-request-id"]).toBe("req-123");
    expect((await s.app.inject("/healthz")).headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  const bad = [
    { name: "malformed JSON", payload: '{"username": "ops",', type: "application/json", status: 400, code: "REQUEST_MALFORMED" },
    { name: "empty JSON body", payload: "", type: "application/json", status: 400, code: "REQUEST_MALFORMED" },
    { name: "wrong types", payload: JSON.stringify({ username: 1, password: [] }), type: "application/json", status: 400, code: "VALIDATION_FAILED" },
    { name: "missing fields", payload: "{}", type: "application/json", status: 400, code: "VALIDATION_FAILED" },
    { name: "a JSON array", payload: "[1,2]", type: "application/json", status: 400, code: "VALIDATION_FAILED" },
    { name: "oversized body", payload: JSON.stringify({ username: "x".repeat(5000), password: "y" }), type: "application/json", status: 413, code: "BODY_TOO_LARGE" },
    { name: "text/plain", payload: "username=ops", type: "text/plain", status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
    { name: "form encoding", payload: "username=ops&password=x", type: "application/x-www-form-urlencoded", status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  ];
  for (const b of bad) {
    it(`turns ${b.name} into ${b.status} ${b.code}`, async () => {
      const r = await s.app.inject({ method: "POST", url: "/api/auth/login", payload: b.payload, headers: { "content-type": b.type } });
      expect(r.statusCode).toBe(b.status);
      expect(r.headers["content-type"]).toContain("application/problem+json");
      const p = r.json();
      expect(p).toMatchObject({ code: b.code, status: b.status, requestId: r.headers["x-request-id"] });
      expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.messageEn).toBeTruthy();
    });
  }

  it("names each invalid field", async () => {
    const r = await s.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "", password: 5 } });
    const fields = (r.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["body.password", "body.username"]);
  });

  it("gives unknown routes a coded 404", async () => {
    const r = await s.app.inject("/api/nope");
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("publishes an OpenAPI 3 document generated from the route schemas, and browsable docs", async () => {
    const doc = (await s.app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/staff", "/api/audit/verify", "/readyz"]));
    const login = doc.paths["/api/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema.required).toEqual(["username", "password"]);
    expect(doc.paths["/api/staff"].get.description).toContain("Roles: ops");
    const ui = await s.app.inject("/api/docs/");
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain("swagger");
  });

  it("lists the error catalogue", async () => {
    const r = (await s.app.inject("/api/errors")).json();
    expect(r.items.map((i: { code: string }) => i.code)).toContain("AUTH_BAD_CREDENTIALS");
  });
});
