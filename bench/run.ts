/**
 * `npm run bench -- <area> [--seconds N]`: prints one JSON object per line.
 * Areas grow with the system; each compares against a raw limit measured in
 * the same run.
 */
import { parseArgs } from "node:util";
import { opsBench } from "./ops.bench.js";
import { storageBench } from "./storage.bench.js";

const AREAS: Record<string, (o: { seconds: number }) => Promise<void>> = {
  storage: storageBench,
  ops: opsBench,
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seconds: { type: "string", default: "3" } } });
const seconds = Number(values.seconds);
const areas = positionals.length ? positionals : Object.keys(AREAS);
const unknown = areas.filter((a) => !AREAS[a]);
if (unknown.length || !(seconds > 0)) {
  process.stderr.write(`landtrade bench: CLI_USAGE: unknown area ${unknown.join(", ")} or bad --seconds; areas: ${Object.keys(AREAS).join(", ")}\n`);
  process.exit(2);
}
for (const a of areas) await AREAS[a]!({ seconds });
