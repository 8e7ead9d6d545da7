/**
 * Seals the reserve price with AES-256-GCM. The associated data binds the
 * ciphertext to its parcel and key id, so a sealed reserve copied onto
 * another parcel (or re-labelled with another key) fails authentication
 * instead of revealing a wrong price.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../../shared/errors.js";
import { fenText, parseFen, type Fen } from "../../shared/money.js";
import type { DataKeyRing } from "./data-key-ring.js";

export interface Sealed {
  keyId: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

const aad = (parcelId: string, keyId: string) => Buffer.from(`landtrade/trading/reserve/v1|${parcelId}|${keyId}`, "utf8");

export function sealReserve(keys: DataKeyRing, parcelId: string, amount: Fen): Sealed {
  const { keyId, key } = keys.current();
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(aad(parcelId, keyId));
  const ciphertext = Buffer.concat([c.update(fenText(amount), "utf8"), c.final()]);
  return { keyId, iv, ciphertext, tag: c.getAuthTag() };
}

export function openReserve(keys: DataKeyRing, parcelId: string, s: Sealed): Fen {
  const key = keys.byId(s.keyId);
  let text: string;
  try {
    const d = createDecipheriv("aes-256-gcm", key, s.iv);
    d.setAAD(aad(parcelId, s.keyId));
    d.setAuthTag(s.tag);
    text = Buffer.concat([d.update(s.ciphertext), d.final()]).toString("utf8");
  } catch {
    throw new AppError("TRADE_RESERVE_TAMPERED", { detail: `parcel ${parcelId}` });
  }
  const fen = parseFen(text);
  if (fen === undefined) throw new AppError("TRADE_RESERVE_TAMPERED", { detail: `parcel ${parcelId}: not an amount` });
  return fen;
}
