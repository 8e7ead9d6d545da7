/** Boots the real app in-process on a test database with a fake clock. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { FakeClock } from "../../src/app/clock.js";
import { loadConfig, type Config } from "../../src/app/config.js";
import { createContainer, type Container } from "../../src/app/container.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "./db.js";

export interface TestSystem {
  c: Container;
  app: LandtradeApp;
  clock: FakeClock;
  dbh: DbHandle;
  close(): Promise<void>;
}

export async function startTestSystem(overrides: Partial<Record<keyof Config, unknown>> = {}): Promise<TestSystem> {
  const dbh = await testDatabase();
  const clock = new FakeClock("2026-03-02T01:00:00.000Z");
  // A private data directory (CA key files land in <dataDir>/keys), removed on close.
  const dataDir = mkdtempSync(path.join(tmpdir(), "lt-test-"));
  const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { logLevel: "silent", dataDir, ...overrides } });
  const c = await createContainer(config, { clock, dbh, log: pino({ level: "silent" }) });
  const app = await buildApp({ ...c, webDir: undefined });
  return {
    c,
    app,
    clock,
    dbh,
    close: async () => {
      await app.close();
      await c.close();
      await dbh.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = "test-Password-1";

export interface LoggedIn {
  cookie: string;
  csrf: string;
}

export async function login(app: LandtradeApp, username: string, password = TEST_PASSWORD): Promise<LoggedIn> {
  const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
  const set = r.cookies.find((c) => c.name === "lt_session");
  return { cookie: `lt_session=${set!.value}`, csrf: (r.json() as { csrfToken: string }).csrfToken };
}
