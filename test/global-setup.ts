/**
 * Once per `vitest run`: migrate an in-memory PGlite and keep its data
 * directory as a tarball, so each test file starts from a copy instead of
 * running initdb and every migration again (seconds per file on 2 cores).
 * On PostgreSQL (DATABASE_URL) each file creates its own database instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildWeb, webBuildNeeded } from "../src/cli/web-build.js";
import { openDatabase } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** Built once here rather than by the first test files that need them, several at a time. */
async function buildOnce(): Promise<void> {
  // The CLI bundle (bin/landtrade.mjs builds it when a source is newer): the CLI tests and the drills start it often.
  const r = spawnSync(process.execPath, ["bin/landtrade.mjs", "--version"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`landtrade --version failed: ${r.stderr}`);
  const chromium = process.env.LANDTRADE_CHROMIUM ?? "/usr/bin/chromium";
  if (existsSync(chromium) && webBuildNeeded()) await buildWeb();
}

export default async function setup(project: TestProject): Promise<() => void> {
  await buildOnce();
  if (process.env.DATABASE_URL) {
    project.provide("pgliteTemplate", "");
    return () => undefined;
  }
  const file = path.join(tmpdir(), `landtrade-test-template-${process.pid}.tar`);
  const dbh = await openDatabase({ pgliteDir: "memory" });
  await migrateToLatest(dbh.db);
  const dump = await dbh.pglite!.dumpDataDir("none");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await dbh.close();
  project.provide("pgliteTemplate", file);
  return () => rmSync(file, { force: true });
}
