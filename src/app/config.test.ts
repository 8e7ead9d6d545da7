import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { loadConfig } from "./config.js";

const noFile = "/nonexistent-dir";

function configError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("config", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({ env: {}, cwd: noFile });
    expect(c).toMatchObject({ dataDir: "./data", host: "127.0.0.1", port: 8080 });
    expect(c.databaseUrl).toBeUndefined();
  });

  it("reads the environment over the config file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lt-cfg-"));
    writeFileSync(path.join(dir, "landtrade.config.json"), JSON.stringify({ port: 9000, host: "0.0.0.0", dataDir: "/srv/lt" }));
    const c = loadConfig({ env: { LANDTRADE_PORT: "9100", DATABASE_URL: "postgres://u:p@db/lt" }, cwd: dir });
    expect(c).toMatchObject({ port: 9100, host: "0.0.0.0", dataDir: "/srv/lt", databaseUrl: "postgres://u:p@db/lt" });
  });

  it("lists every invalid key in one error", () => {
    const err = configError(() =>
      loadConfig({ env: { LANDTRADE_PORT: "eighty", DATABASE_URL: "mysql://x", LANDTRADE_LOG_LEVEL: "loud" }, cwd: noFile }),
    );
    expect(err.code).toBe("CONFIG_INVALID");
    const problems = err.extra.problems as string[];
    expect(problems).toHaveLength(3);
    expect(err.detail).toContain("port (LANDTRADE_PORT)");
    expect(err.detail).toContain("databaseUrl (DATABASE_URL)");
    expect(err.detail).toContain("logLevel (LANDTRADE_LOG_LEVEL)");
  });

  it("rejects unknown keys and broken JSON in the file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lt-cfg-"));
    writeFileSync(path.join(dir, "landtrade.config.json"), JSON.stringify({ prot: 1 }));
    expect(configError(() => loadConfig({ env: {}, cwd: dir })).detail).toContain("prot");
    writeFileSync(path.join(dir, "landtrade.config.json"), "{ port: ");
    expect(configError(() => loadConfig({ env: {}, cwd: dir })).detail).toContain("not valid JSON");
  });

  it("names a missing LANDTRADE_CONFIG file", () => {
    expect(configError(() => loadConfig({ env: { LANDTRADE_CONFIG: "nope.json" }, cwd: noFile })).detail).toContain("file not found");
  });
});
