/**
 * The public status page: each component's state and the incidents people
 * should know about (major incidents and open system incidents), with the
 * public updates of major incidents. No personal data.
 *
 * The component list is static (taxonomy STATUS_COMPONENTS). Health probes
 * feed live state through `statusComponents.setLiveSource(fn)` (the ops area
 * owns the probes); without one, a component's state follows its open
 * system/major incidents.
 */
import type { DeskContext } from "./desk-context.js";
import type { Incident } from "./support.types.js";
import { OPEN_STATUSES, STATUS_COMPONENTS, type ComponentId, type Severity } from "./taxonomy.js";

export type ComponentState = "operational" | "degraded" | "outage";

export interface LiveComponentStatus {
  state: ComponentState;
  checkedAt: Date;
  detail?: string;
}

export type LiveSource = () => Promise<Partial<Record<ComponentId, LiveComponentStatus>>>;

export class StatusComponents {
  private live: LiveSource | null = null;

  /** The components shown on the status page, in order. */
  list() {
    return STATUS_COMPONENTS.map((c) => ({ ...c }));
  }

  /** Health probes register where live state comes from. */
  setLiveSource(source: LiveSource | null): void {
    this.live = source;
  }

  async liveState(): Promise<Partial<Record<ComponentId, LiveComponentStatus>>> {
    if (!this.live) return {};
    try {
      return await this.live();
    } catch {
      // A failing source must not take the status page down with it.
      return {};
    }
  }
}

export interface PublicStatus {
  generatedAt: Date;
  overall: ComponentState;
  components: { id: string; zh: string; en: string; state: ComponentState; since: Date | null; checkedAt: Date | null }[];
  incidents: {
    incidentNo: string;
    title: string;
    severity: Severity;
    major: boolean;
    component: string | null;
    status: string;
    startedAt: Date;
    resolvedAt: Date | null;
    updates: { at: Date; message: string }[];
  }[];
}

const RANK: Record<ComponentState, number> = { operational: 0, degraded: 1, outage: 2 };
const stateOf = (inc: Incident): ComponentState => (inc.severity === "critical" || inc.major ? "outage" : "degraded");
const RECENT_MS = 24 * 3_600_000;

export class StatusService {
  constructor(
    private readonly ctx: DeskContext,
    readonly components: StatusComponents,
  ) {}

  async publicStatus(): Promise<PublicStatus> {
    const now = this.ctx.clock.now();
    const read = this.ctx.store.read.incidents;
    const open = await read.list({ statuses: OPEN_STATUSES, limit: 500 });
    const shown = open.filter((i) => i.major || i.systemOpenComponent);
    // Major incidents stay on the page for a day after they are resolved.
    const recentMajors = (await read.list({ major: true, statuses: ["resolved", "closed"], limit: 50 })).filter(
      (i) => i.resolvedAt && now.getTime() - i.resolvedAt.getTime() < RECENT_MS,
    );
    const live = await this.components.liveState();

    const components = this.components.list().map((c) => {
      const hits = shown.filter((i) => i.component === c.id);
      let state: ComponentState = "operational";
      let since: Date | null = null;
      for (const i of hits) {
        if (RANK[stateOf(i)] > RANK[state]) state = stateOf(i);
        if (!since || i.createdAt < since) since = i.createdAt;
      }
      const l = live[c.id];
      if (l && RANK[l.state] > RANK[state]) state = l.state;
      return { id: c.id, zh: c.zh, en: c.en, state, since, checkedAt: l?.checkedAt ?? null };
    });

    const incidents = [];
    for (const i of [...shown, ...recentMajors]) {
      const events = i.major ? await read.events(i.id) : [];
      incidents.push({
        incidentNo: i.incidentNo,
        title: i.title,
        severity: i.severity,
        major: i.major,
        component: i.component,
        status: i.status,
        startedAt: i.createdAt,
        resolvedAt: i.resolvedAt,
        updates: events.filter((e) => e.type === "major_update" && typeof e.data.message === "string").map((e) => ({ at: e.at, message: e.data.message as string })),
      });
    }
    const overall = components.reduce<ComponentState>((acc, c) => (RANK[c.state] > RANK[acc] ? c.state : acc), "operational");
    return { generatedAt: now, overall, components, incidents };
  }
}
