/**
 * `npm run bench -- <area> [--seconds N]`: prints one JSON object per line.
 * Areas grow with the system; each compares against a raw limit measured in
 * the same run.
 */
import { parseArgs } from "node:util";
import { opsBench } from "./ops.bench.js";
import { hsmBench } from "./hsm.bench.js";
import { kbBench } from "./kb.bench.js";
import { raBench } from "./ra.bench.js";
import { securityBench } from "./security.bench.js";
import { pkiBench } from "./pki.bench.js";
import { storageBench } from "./storage.bench.js";
import { tradingBench } from "./trading.bench.js";
import { supportBench } from "./support.bench.js";
import { validateBench } from "./validate.bench.js";

/** One line per area. */
const AREAS: Record<string, (o: { seconds: number }) => Promise<void>> = {
  storage: storageBench,
  ops: opsBench,
  trading: tradingBench,
  pki: pkiBench,
  hsm: hsmBench,
  validate: validateBench,
  ra: raBench,
  security: securityBench,
  kb: kbBench,
  support: supportBench,
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
