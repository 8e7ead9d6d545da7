#!/usr/bin/env node
// The `landtrade` command. It runs a one-file bundle of the TypeScript sources
// (dist/cli/landtrade.mjs, built with esbuild on first use and whenever a
// source is newer), because loading ~400 TypeScript modules through tsx's
// loader costs about twice the CPU of one bundled file on every start — and
// the tests, the failover drill and operators start it often. If the bundle
// cannot be built, it falls back to running the sources through tsx.
// LANDTRADE_CLI_SOURCES=1 always runs the sources (e.g. while debugging).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/cli/landtrade.mjs");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function fresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  const sources = Math.max(newest(path.join(root, "src")), newest(path.join(root, "sdk/src")), statSync(path.join(root, "package-lock.json")).mtimeMs);
  return built >= sources;
}

async function build() {
  const { build: esbuild } = await import("esbuild");
  // Written aside and renamed: several processes may start at once.
  const tmp = `${bundle}.${process.pid}.tmp`;
  mkdirSync(path.dirname(bundle), { recursive: true });
  await esbuild({
    entryPoints: [path.join(root, "src/cli/main.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  renameSync(tmp, bundle);
}

let entry;
if (process.env.LANDTRADE_CLI_SOURCES !== "1") {
  try {
    if (!fresh()) await build();
    entry = pathToFileURL(bundle).href;
  } catch (e) {
    process.stderr.write(`landtrade: running the sources through tsx (the CLI bundle could not be built: ${e instanceof Error ? e.message : e})\n`);
  }
}
if (entry) {
  await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
