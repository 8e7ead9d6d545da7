/**
 * The reserve price (底价): entered sealed by a trading administrator late in
 * the listing (within `reserveWindowHours` before its end), confirmed by a
 * supervisor who enters the same amount blind (the value is compared inside
 * the server and never shown), stored AES-256-GCM encrypted, and revealed
 * only at the result. A mismatched confirmation discards the entry (so a
 * confirmation cannot be used to probe the value). Neither the amount nor
 * anything derived from it is written to the audit log or a response before
 * the reveal.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { fenText, type Fen } from "../../shared/money.js";
import type { Repos, Store } from "../../storage/store.js";
import { saleView } from "../engine/view.js";
import type { LockedParcel } from "../trading.ports.js";
import type { DataKeyRing } from "./data-key-ring.js";
import { openReserve, sealReserve } from "./reserve-cipher.js";

export interface ReserveStatus {
  entered: boolean;
  enteredBy: string | null;
  enteredAt: Date | null;
  confirmed: boolean;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  /** The window in which the reserve may be entered and confirmed. */
  windowOpensAt: Date;
  windowClosesAt: Date;
  /** Only after the result. */
  revealed: Fen | null;
  revealedAt: Date | null;
}

export class ReserveService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keys: () => DataKeyRing,
  ) {}

  private window(p: LockedParcel): { opens: Date; closes: Date } {
    const closes = p.state.schedule.listingEnd;
    return { opens: new Date(closes.getTime() - p.extra.reserveWindowHours * 3_600_000), closes };
  }

  private async lockInWindow(r: Repos, parcelId: string): Promise<LockedParcel> {
    const p = await r.trading.parcels.lock(parcelId);
    if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const now = this.clock.now();
    const { opens, closes } = this.window(p);
    const phase = saleView(p.state, now).phase;
    if (phase !== "listing" || now < opens || now >= closes) {
      throw new AppError("TRADE_RESERVE_WINDOW_CLOSED", { detail: `phase ${phase}; the window is ${opens.toISOString()} – ${closes.toISOString()}` });
    }
    return p;
  }

  async enter(parcelId: string, amount: Fen, actor: string): Promise<ReserveStatus> {
    await this.store.tx(async (r) => {
      const p = await this.lockInWindow(r, parcelId);
      const existing = await r.trading.reserve.get(parcelId);
      if (existing?.confirmedAt) throw new AppError("TRADE_RESERVE_EXISTS");
      if (amount < p.startPrice) throw new AppError("TRADE_RESERVE_BELOW_START");
      const sealed = sealReserve(this.keys(), parcelId, amount);
      await r.trading.reserve.put({ parcelId, ...sealed, enteredBy: actor, enteredAt: this.clock.now() });
      await this.audit.record(r.audit, { actor, action: "trading.reserve.enter", subject: `parcel:${p.parcelNo}`, payload: { keyId: sealed.keyId, replaced: Boolean(existing) } });
    });
    return this.status(parcelId);
  }

  /** The supervisor enters the amount again; it must match the sealed one. */
  async confirm(parcelId: string, amount: Fen, actor: string): Promise<ReserveStatus> {
    const matched = await this.store.tx(async (r) => {
      const p = await this.lockInWindow(r, parcelId);
      const sealed = await r.trading.reserve.get(parcelId);
      if (!sealed) throw new AppError("TRADE_RESERVE_NOT_ENTERED");
      if (sealed.confirmedAt) throw new AppError("TRADE_RESERVE_EXISTS");
      const ok = openReserve(this.keys(), parcelId, sealed) === amount;
      if (ok) await r.trading.reserve.confirm(parcelId, actor, this.clock.now());
      else await r.trading.reserve.discard(parcelId);
      await this.audit.record(r.audit, {
        actor,
        action: ok ? "trading.reserve.confirm" : "trading.reserve.mismatch",
        subject: `parcel:${p.parcelNo}`,
        payload: { enteredBy: sealed.enteredBy, discarded: !ok },
      });
      return ok;
    });
    if (!matched) throw new AppError("TRADE_RESERVE_MISMATCH");
    return this.status(parcelId);
  }

  /**
   * At the result, inside the sale's transaction: the confirmed reserve, or
   * null when none was confirmed (the start price is then the floor; an
   * unconfirmed entry does not count). Audited with the value, now public.
   */
  async revealInTx(r: Repos, p: LockedParcel, at: Date, actor: string): Promise<Fen | null> {
    const sealed = await r.trading.reserve.get(p.id);
    if (sealed?.revealedAt) return sealed.revealed;
    if (!sealed?.confirmedAt) {
      await this.audit.record(r.audit, { actor, action: "trading.reserve.none", subject: `parcel:${p.parcelNo}`, payload: { entered: Boolean(sealed), floor: fenText(p.startPrice) } });
      return null;
    }
    const value = openReserve(this.keys(), p.id, sealed);
    await r.trading.reserve.reveal(p.id, value, at);
    await this.audit.record(r.audit, { actor, action: "trading.reserve.reveal", subject: `parcel:${p.parcelNo}`, payload: { reserveFen: fenText(value) } });
    return value;
  }

  async status(parcelId: string): Promise<ReserveStatus> {
    const p = await this.store.read.trading.parcels.sale(parcelId);
    if (!p) throw new AppError("TRADE_PARCEL_NOT_FOUND", { detail: parcelId });
    const s = await this.store.read.trading.reserve.get(parcelId);
    const { opens, closes } = this.window(p);
    return {
      entered: Boolean(s),
      enteredBy: s?.enteredBy ?? null,
      enteredAt: s?.enteredAt ?? null,
      confirmed: Boolean(s?.confirmedAt),
      confirmedBy: s?.confirmedBy ?? null,
      confirmedAt: s?.confirmedAt ?? null,
      windowOpensAt: opens,
      windowClosesAt: closes,
      revealed: s?.revealedAt ? s.revealed : null,
      revealedAt: s?.revealedAt ?? null,
    };
  }
}
