/**
 * The live board across nodes: each node delivers its own messages to its
 * own WebSocket watchers at once and NOTIFYs the others (channel
 * landtrade_board); every node relays what the others announce to its
 * watchers. A message too big for a NOTIFY payload travels as a reference
 * (parcel, seq) and the receiver reads it from the stored board. Lossy by
 * design like any bus here: a watcher that sees a gap in seq catches up from
 * the database (trading/live).
 */
import type { NotifyChannel } from "../../storage/pg-notify.js";
import { NOTIFY_MAX_BYTES } from "../../storage/pg-notify.js";
import { InProcessBoardBus, type BoardBus, type BoardListener } from "../../trading/live/board-bus.js";
import type { BoardMessage } from "../../trading/live/board-message.js";

export const BOARD_CHANNEL = "landtrade_board";

/** One NOTIFY: a batch of messages in order, or a reference to one that is too big. */
type Wire = { n: string; ms: BoardMessage[] } | { n: string; ref: { parcelId: string; seq: number } };

export interface PgBoardBusDeps {
  channel: NotifyChannel;
  /** This node (its own NOTIFYs come back to it and are skipped). */
  nodeId: string;
  /** Reads one stored board message (for references). */
  fetch(parcelId: string, seq: number): Promise<BoardMessage | undefined>;
  log?: { warn(o: object, m: string): void };
}

export class PgBoardBus implements BoardBus {
  readonly local = new InProcessBoardBus();
  private listening: Promise<void> | null = null;
  private sending: Promise<void> = Promise.resolve();
  /** Messages relayed from other nodes (for the ops dashboard and tests). */
  relayed = 0;

  constructor(private readonly d: PgBoardBusDeps) {}

  publish(messages: BoardMessage[]): void {
    this.local.publish(messages);
    // Sent one NOTIFY after another: pool connections would otherwise reorder them.
    for (const payload of this.pack(messages)) {
      this.sending = this.sending.then(() =>
        this.d.channel.notify(BOARD_CHANNEL, payload).catch((e: unknown) => this.d.log?.warn({ err: e }, "board NOTIFY failed (other nodes' watchers catch up by seq)")),
      );
    }
  }

  /** Payloads in order: as many messages per NOTIFY as fit, a reference for any that alone does not. */
  private pack(messages: BoardMessage[]): string[] {
    const out: string[] = [];
    let batch: BoardMessage[] = [];
    const wire = (w: Wire) => JSON.stringify(w);
    const flush = () => {
      if (batch.length) out.push(wire({ n: this.d.nodeId, ms: batch }));
      batch = [];
    };
    for (const m of messages) {
      if (Buffer.byteLength(wire({ n: this.d.nodeId, ms: [...batch, m] })) <= NOTIFY_MAX_BYTES) {
        batch.push(m);
        continue;
      }
      flush();
      if (Buffer.byteLength(wire({ n: this.d.nodeId, ms: [m] })) <= NOTIFY_MAX_BYTES) batch.push(m);
      else out.push(wire({ n: this.d.nodeId, ref: { parcelId: m.parcelId, seq: m.seq } }));
    }
    flush();
    return out;
  }

  subscribe(parcelId: string, listener: BoardListener): () => void {
    void this.start();
    return this.local.subscribe(parcelId, listener);
  }

  /** Starts listening (on the first subscription; publishing needs no listener). */
  start(): Promise<void> {
    this.listening ??= this.d.channel
      .listen(BOARD_CHANNEL, (p) => void this.receive(p))
      .then(() => undefined)
      .catch((e: unknown) => {
        this.listening = null;
        this.d.log?.warn({ err: e }, "could not LISTEN for other nodes' board messages");
      });
    return this.listening;
  }

  private async receive(payload: string): Promise<void> {
    let w: Wire;
    try {
      w = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (w.n === this.d.nodeId) return;
    const ms = "ms" in w ? w.ms : [await this.d.fetch(w.ref.parcelId, w.ref.seq).catch(() => undefined)].filter((m): m is BoardMessage => m !== undefined);
    this.relayed += ms.length;
    this.local.publish(ms);
  }

  size(): number {
    return this.local.size();
  }
}
