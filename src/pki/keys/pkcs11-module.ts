/**
 * Loading PKCS#11 modules and finding tokens. A module can be initialised
 * only once per process (C_Initialize again answers
 * CKR_CRYPTOKI_ALREADY_INITIALIZED), and the CA's key store and a token
 * client may use the same module in one process, so modules are shared and
 * reference-counted by path; the last release finalises the module.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import pkcs11js from "pkcs11js";
import { AppError } from "../../shared/errors.js";

export type Pkcs11 = InstanceType<typeof pkcs11js.PKCS11>;
export type Handle = Buffer;
export const P11 = pkcs11js;

interface Loaded {
  p: Pkcs11;
  refs: number;
}

const loaded = new Map<string, Loaded>();

/** PKCS#11 return values by number, for messages ("CKR_PIN_INCORRECT", not 160). */
const CKR_NAMES = new Map<number, string>(
  Object.entries(pkcs11js)
    .filter(([k, v]) => k.startsWith("CKR_") && typeof v === "number")
    .map(([k, v]) => [v as number, k]),
);

export function ckrOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return e instanceof pkcs11js.Pkcs11Error && typeof code === "number" ? code : undefined;
}

export const ckrName = (code: number): string => CKR_NAMES.get(code) ?? `CKR_0x${code.toString(16)}`;

/** Maps a PKCS#11 failure to a coded error; `what` says which operation failed. */
export function tokenError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const code = ckrOf(e);
  if (code === pkcs11js.CKR_PIN_INCORRECT || code === pkcs11js.CKR_PIN_LEN_RANGE) return new AppError("PKI_TOKEN_PIN_INCORRECT", { detail: what });
  if (code === pkcs11js.CKR_PIN_LOCKED) return new AppError("PKI_TOKEN_PIN_LOCKED", { detail: what });
  if (code === pkcs11js.CKR_TOKEN_NOT_PRESENT || code === pkcs11js.CKR_DEVICE_REMOVED || code === pkcs11js.CKR_TOKEN_NOT_RECOGNIZED) {
    return new AppError("PKI_TOKEN_NOT_FOUND", { detail: `${what}: ${ckrName(code)}` });
  }
  const name = code !== undefined ? ckrName(code) : (e as Error)?.message ?? String(e);
  return new AppError("PKI_TOKEN_ERROR", { detail: `${what}: ${name}`, cause: e });
}

/** Loads and initialises a module, or shares the one already loaded from that path. */
export function acquireModule(path: string): Pkcs11 {
  const have = loaded.get(path);
  if (have) {
    have.refs++;
    return have.p;
  }
  const p = new pkcs11js.PKCS11();
  try {
    p.load(path);
  } catch (e) {
    throw new AppError("PKI_TOKEN_MODULE_UNAVAILABLE", { detail: `${path}: ${(e as Error).message}` });
  }
  try {
    // OS locking: sessions are used from libuv worker threads (C_SignAsync).
    p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (ckrOf(e) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      try {
        p.close();
      } catch {
        /* ignore */
      }
      throw new AppError("PKI_TOKEN_MODULE_UNAVAILABLE", { detail: `${path}: C_Initialize failed: ${(e as Error).message}` });
    }
  }
  loaded.set(path, { p, refs: 1 });
  return p;
}

export function releaseModule(path: string): void {
  const have = loaded.get(path);
  if (!have) return;
  if (--have.refs > 0) return;
  loaded.delete(path);
  try {
    have.p.C_Finalize();
  } catch {
    /* already finalised */
  }
  try {
    have.p.close();
  } catch {
    /* ignore */
  }
}

/**
 * Login state is per application and token: once one session logged in, a
 * C_Login on another session answers CKR_USER_ALREADY_LOGGED_IN whatever the
 * PIN. So that a second opener in this process cannot get in with a wrong
 * PIN, we remember a salted hash of the PIN that did log in, per token.
 */
const logins = new Map<string, { salt: Buffer; hash: Buffer }>();
const pinHash = (salt: Buffer, pin: string) => createHash("sha256").update(salt).update(pin, "utf8").digest();

export function rememberLogin(tokenKey: string, pin: string): void {
  const salt = randomBytes(16);
  logins.set(tokenKey, { salt, hash: pinHash(salt, pin) });
}

/** For CKR_USER_ALREADY_LOGGED_IN: is this the PIN that logged in? */
export function sameLoginPin(tokenKey: string, pin: string): boolean {
  const l = logins.get(tokenKey);
  return l ? timingSafeEqual(l.hash, pinHash(l.salt, pin)) : false;
}

export const slotIdOf = (slot: Handle): bigint => (slot.length >= 8 ? slot.readBigUInt64LE(0) : BigInt(slot.readUInt32LE(0)));

export interface SlotSelector {
  /** A slot ID as the module numbers it (SoftHSM2 shows e.g. 394538017), or an index into the slots that hold a token. */
  slot?: number | undefined;
  /** The token label; wins over `slot` when both are given. */
  tokenLabel?: string | undefined;
}

export interface TokenDescription {
  slotId: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
}

export function describeToken(p: Pkcs11, slot: Handle): TokenDescription {
  const t = p.C_GetTokenInfo(slot);
  return { slotId: slotIdOf(slot).toString(), label: t.label.trim(), manufacturer: t.manufacturerID.trim(), model: t.model.trim(), serial: t.serialNumber.trim() };
}

/** The slot holding the wanted token. With neither selector, the first slot with a token. */
export function findSlot(p: Pkcs11, sel: SlotSelector): Handle {
  let slots: Handle[];
  try {
    slots = p.C_GetSlotList(true);
  } catch (e) {
    throw tokenError(e, "C_GetSlotList");
  }
  if (sel.tokenLabel !== undefined) {
    const hit = slots.find((s) => describeToken(p, s).label === sel.tokenLabel);
    if (!hit) throw new AppError("PKI_TOKEN_NOT_FOUND", { detail: `no token labelled "${sel.tokenLabel}" (${slots.length} token(s) present)` });
    return hit;
  }
  if (sel.slot !== undefined) {
    const byId = slots.find((s) => slotIdOf(s) === BigInt(sel.slot!));
    if (byId) return byId;
    const byIndex = Number.isInteger(sel.slot) && sel.slot >= 0 ? slots[sel.slot] : undefined;
    if (byIndex) return byIndex;
    throw new AppError("PKI_TOKEN_NOT_FOUND", { detail: `no token in slot ${sel.slot} (slots with tokens: ${slots.map((s) => slotIdOf(s).toString()).join(", ") || "none"})` });
  }
  const first = slots[0];
  if (!first) throw new AppError("PKI_TOKEN_NOT_FOUND", { detail: "no slot holds a token" });
  return first;
}
