/**
 * Builds the web app when dist/web is missing or older than web/ sources, so
 * `npm start` works right after `npm ci`.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../app/container.js";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function webBuildNeeded(): boolean {
  const index = path.join(ROOT_DIR, "dist/web/index.html");
  const src = path.join(ROOT_DIR, "web");
  if (!existsSync(src)) return false;
  if (!existsSync(index)) return true;
  return newestMtime(src) > statSync(index).mtimeMs;
}

export async function buildWeb(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: path.join(ROOT_DIR, "web/vite.config.ts"), logLevel: "warn" });
}
