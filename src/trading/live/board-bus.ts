/**
 * Fan-out of live-board messages to the WebSocket connections of this node.
 * The bus is an interface: the in-process one serves a single node; a
 * PostgreSQL LISTEN/NOTIFY implementation (ops) relays messages between
 * nodes. Messages are published after their transaction commits, and are in
 * the database too (trading_board), so a subscriber that missed one (a gap in
 * seq) reads it back from there: the bus may be lossy, the board is not.
 */
import type { BoardMessage } from "./board-message.js";

export type BoardListener = (m: BoardMessage) => void;

export interface BoardBus {
  publish(messages: BoardMessage[]): void;
  /** Returns the unsubscribe function. */
  subscribe(parcelId: string, listener: BoardListener): () => void;
}

export class InProcessBoardBus implements BoardBus {
  private readonly listeners = new Map<string, Set<BoardListener>>();

  publish(messages: BoardMessage[]): void {
    for (const m of messages) {
      const set = this.listeners.get(m.parcelId);
      if (!set) continue;
      for (const l of [...set]) {
        try {
          l(m);
        } catch {
          // One broken connection must not starve the others.
        }
      }
    }
  }

  subscribe(parcelId: string, listener: BoardListener): () => void {
    let set = this.listeners.get(parcelId);
    if (!set) this.listeners.set(parcelId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(parcelId);
    };
  }

  /** Watchers on this node (for health and benchmarks). */
  size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}
