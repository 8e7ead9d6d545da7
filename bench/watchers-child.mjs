// A separate process holding live-board watchers for the trading benchmark
// (so 10,000 of them do not share the server's file-descriptor limit or
// event loop). Times are absolute (performance.timeOrigin + now()) so the
// parent can compare them with its own.
import { WebSocket } from "ws";

const [port, ids, count] = [process.argv[2], process.argv[3].split(","), Number(process.argv[4])];
const arrivals = new Map();
const sockets = [];
const now = () => performance.timeOrigin + performance.now();

async function open(i) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/trading/parcels/${ids[i % ids.length]}/live`);
  sockets.push(ws);
  ws.on("error", () => undefined);
  await new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.on("message", (data) => {
      const t = now();
      const m = JSON.parse(String(data));
      if (m.type === "snapshot") resolve();
      const id = m.message?.bid?.bidId;
      if (id) {
        let list = arrivals.get(id);
        if (!list) arrivals.set(id, (list = []));
        list.push(t);
      }
    });
  });
}

for (let i = 0; i < count; i += 250) await Promise.all(Array.from({ length: Math.min(250, count - i) }, (_, j) => open(i + j)));
process.send({ type: "ready", sockets: sockets.length });
process.on("message", (m) => {
  if (m.type !== "report") return;
  process.send({ type: "arrivals", arrivals: [...arrivals.entries()] }, () => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
});
