/**
 * The bank's deposit-arrival callback. Authentication is HMAC-SHA256 with a
 * secret shared with the bank (config `bankCallbackSecret`), chosen over a
 * signature with a bank certificate because the cooperating banks' cash
 * management interfaces offer HMAC; a certificate scheme would slot in here
 * with the same contract.
 *
 *   x-bank-timestamp: <Unix time in seconds>
 *   x-bank-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "\n" + raw body)>
 *
 * The signature is checked over the raw bytes before the body is parsed or
 * anything is stored; a timestamp more than 5 minutes from server time is
 * refused (replay window), and a replay inside the window is harmless: the
 * bank reference is unique, so the same notice is recorded once.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";
import { parseFen, parseYuan, type Fen } from "../../shared/money.js";
import type { Arrival } from "./matching.js";

export const CALLBACK_SKEW_MS = 5 * 60_000;

export function signCallback(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}\n`).update(body).digest("hex")}`;
}

export function verifyCallback(secret: string | undefined, headers: { timestamp?: string; signature?: string }, body: Buffer, now: Date): void {
  if (!secret) throw new AppError("TRADE_BANK_NOT_CONFIGURED");
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{9,11}$/.test(timestamp)) throw new AppError("TRADE_BANK_SIGNATURE_INVALID", { detail: "missing or malformed x-bank-timestamp / x-bank-signature" });
  const expected = Buffer.from(signCallback(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("TRADE_BANK_SIGNATURE_INVALID");
  // Checked after the signature so an unauthenticated caller learns nothing about our clock.
  if (Math.abs(Number(timestamp) * 1000 - now.getTime()) > CALLBACK_SKEW_MS) throw new AppError("TRADE_BANK_NOTICE_STALE", { detail: `timestamp ${timestamp}` });
}

const money = z.union([
  z.object({ amountFen: z.string().refine((s) => parseFen(s) !== undefined, "fen as digits") }),
  z.object({ amount: z.string().refine((s) => parseYuan(s) !== undefined, "yuan with up to two decimals") }),
]);

export const arrivalNoticeSchema = z
  .object({
    bankRef: z.string().min(1).max(64),
    subAccount: z.string().min(6).max(40),
    payerAccount: z.string().min(4).max(40),
    payerName: z.string().min(1).max(200),
    arrivedAt: z.iso.datetime({ offset: true }),
  })
  .and(money);

export type ArrivalNotice = z.infer<typeof arrivalNoticeSchema>;

export function arrivalOf(n: ArrivalNotice): Arrival {
  const amount: Fen = "amountFen" in n ? parseFen(n.amountFen)! : parseYuan(n.amount)!;
  return { bankRef: n.bankRef, subAccount: n.subAccount, payerAccount: n.payerAccount, payerName: n.payerName, amount, arrivedAt: new Date(n.arrivedAt) };
}
