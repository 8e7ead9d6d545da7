/**
 * A pool of logged-in PKCS#11 sessions on one token. A session runs one
 * cryptographic operation at a time (C_SignInit … C_Sign), so concurrent
 * signers each borrow their own session; signing itself runs on libuv's
 * worker threads (C_SignAsync) and never blocks the event loop.
 *
 * Sessions lost underneath us (HSM restarted, someone called
 * C_CloseAllSessions, login state gone) are replaced and the operation is
 * retried once, so a transient HSM fault costs one retry, not an outage.
 */
import { AppError } from "../../shared/errors.js";
import { acquireModule, ckrOf, findSlot, P11, releaseModule, rememberLogin, sameLoginPin, slotIdOf, tokenError, type Handle, type Pkcs11, type SlotSelector } from "./pkcs11-module.js";

export interface SessionPoolOptions {
  modulePath: string;
  slot: SlotSelector;
  pin: string;
  /** Most sessions open at once (concurrent operations); default 4. */
  size?: number;
}

const LOST = new Set<number>([P11.CKR_SESSION_HANDLE_INVALID, P11.CKR_SESSION_CLOSED, P11.CKR_USER_NOT_LOGGED_IN, P11.CKR_OBJECT_HANDLE_INVALID, P11.CKR_KEY_HANDLE_INVALID]);

/** True when the failure means "open a new session / find the object again", not "the operation is wrong". */
export const isSessionLost = (e: unknown): boolean => {
  const c = ckrOf(e);
  return c !== undefined && LOST.has(c);
};

export class Pkcs11SessionPool {
  private readonly idle: Handle[] = [];
  private readonly waiters: { resolve: (s: Handle) => void; reject: (e: unknown) => void }[] = [];
  private open = 0;
  private closed = false;
  readonly size: number;

  private constructor(
    readonly p: Pkcs11,
    readonly slot: Handle,
    private readonly opts: SessionPoolOptions,
  ) {
    this.size = Math.max(1, opts.size ?? 4);
  }

  /** Loads the module, finds the token, opens and logs in the first session (a wrong PIN fails here). */
  static open(opts: SessionPoolOptions): Pkcs11SessionPool {
    const p = acquireModule(opts.modulePath);
    try {
      const slot = findSlot(p, opts.slot);
      const pool = new Pkcs11SessionPool(p, slot, opts);
      pool.idle.push(pool.newSession());
      return pool;
    } catch (e) {
      releaseModule(opts.modulePath);
      throw e;
    }
  }

  private newSession(): Handle {
    let s: Handle;
    try {
      s = this.p.C_OpenSession(this.slot, P11.CKF_SERIAL_SESSION | P11.CKF_RW_SESSION);
    } catch (e) {
      throw tokenError(e, "C_OpenSession");
    }
    this.open++;
    const tokenKey = `${this.opts.modulePath}#${slotIdOf(this.slot)}`;
    try {
      this.p.C_Login(s, P11.CKU_USER, this.opts.pin);
      rememberLogin(tokenKey, this.opts.pin);
    } catch (e) {
      // Already logged in by another session of this process: accept only the PIN that logged in.
      const already = ckrOf(e) === P11.CKR_USER_ALREADY_LOGGED_IN;
      if (!already || !sameLoginPin(tokenKey, this.opts.pin)) {
        this.discard(s);
        throw already ? new AppError("PKI_TOKEN_PIN_INCORRECT", { detail: "C_Login" }) : tokenError(e, "C_Login");
      }
    }
    return s;
  }

  private discard(s: Handle): void {
    this.open--;
    try {
      this.p.C_CloseSession(s);
    } catch {
      /* already gone */
    }
  }

  private acquire(): Promise<Handle> {
    if (this.closed) return Promise.reject(new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "PKCS#11 key store is closed" }));
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    if (this.open < this.size) {
      try {
        return Promise.resolve(this.newSession());
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** A session slot freed without a session to hand over: let a waiter open its own. */
  private wakeOne(): void {
    const w = this.waiters.shift();
    if (!w) return;
    try {
      w.resolve(this.newSession());
    } catch (e) {
      w.reject(e);
    }
  }

  private release(s: Handle): void {
    if (this.closed) return this.discard(s);
    const w = this.waiters.shift();
    if (w) w.resolve(s);
    else this.idle.push(s);
  }

  /**
   * Runs `fn` with a session of its own. On a lost session or stale object
   * handle, the session is replaced and `fn` runs once more with attempt = 1
   * (callers drop cached object handles then).
   */
  async use<T>(fn: (session: Handle, attempt: number) => T | Promise<T>, what = "PKCS#11 call"): Promise<T> {
    let held: Handle | undefined = await this.acquire();
    try {
      try {
        return await fn(held, 0);
      } catch (e) {
        if (!isSessionLost(e)) throw e;
        this.discard(held);
        held = undefined;
        held = this.newSession();
        return await fn(held, 1);
      }
    } catch (e) {
      throw tokenError(e, what);
    } finally {
      if (held) this.release(held);
      else this.wakeOne();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.idle.splice(0)) this.discard(s);
    for (const w of this.waiters.splice(0)) w.reject(new AppError("PKI_KEY_STORE_UNAVAILABLE", { detail: "PKCS#11 key store is closed" }));
    releaseModule(this.opts.modulePath);
  }
}
