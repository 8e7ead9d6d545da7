// Load generator for the security benchmark, in its own process (its own
// event loop, so the clients' work is not charged to the server's): N
// concurrent clients over keep-alive sockets, each posting one request after
// another for `ms`. A result counts as expected only when the status is 200
// and the body contains `expect`. Prints one JSON line: done, mismatches,
// latency percentiles (ms), statuses seen.
import http from "node:http";

const cfg = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.clients });
const url = new URL(cfg.base);
const lat = [];
const statuses = {};
let done = 0;
let mismatches = 0;
const sample = [];

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, method: "POST", path: cfg.path, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie: cfg.cookie, "x-csrf-token": cfg.csrf } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function client(i, deadline, measure) {
  let k = i;
  while (performance.now() < deadline) {
    const body = cfg.bodies[k++ % cfg.bodies.length];
    const t0 = performance.now();
    let r;
    try {
      r = await post(body);
    } catch (e) {
      r = { status: 0, text: String(e) };
    }
    if (!measure) continue;
    lat.push(performance.now() - t0);
    done++;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status !== 200 || !r.text.includes(cfg.expect)) {
      mismatches++;
      if (sample.length < 3) sample.push(r.text.slice(0, 300));
    }
  }
}

// Warm-up (opens the sockets), then the measured run.
await Promise.all(Array.from({ length: cfg.clients }, (_, i) => client(i, performance.now() + Math.min(1000, cfg.ms / 3), false)));
const t0 = performance.now();
await Promise.all(Array.from({ length: cfg.clients }, (_, i) => client(i, t0 + cfg.ms, true)));
const secs = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : null);
agent.destroy();
process.stdout.write(`${JSON.stringify({ done, perSecond: done / secs, mismatches, p50: pct(50), p99: pct(99), statuses, sample })}\n`);
