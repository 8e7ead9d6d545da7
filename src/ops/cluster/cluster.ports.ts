/** The node registry: which landtrade processes share this database, and their roles. */

export type NodeRole = "leader" | "standby" | "stopped";

export interface NodeRecord {
  id: string;
  hostname: string;
  pid: number;
  url: string;
  version: string;
  role: NodeRole;
  /** The leader lease epoch while leader (fencing token), else null. */
  epoch: number | null;
  startedAt: Date;
  heartbeatAt: Date;
  stoppedAt: Date | null;
}

export interface NodeRepo {
  upsert(n: NodeRecord): Promise<void>;
  list(): Promise<NodeRecord[]>;
  /** Removes stopped or silent nodes last heard of before `before`. */
  prune(before: Date): Promise<number>;
}
