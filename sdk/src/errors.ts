/**
 * Every SDK failure is an SdkError with a stable code from the server's one
 * catalogue (docs/errors.md), the Chinese and English messages, and a detail.
 * Codes the server sends that this SDK does not know yet pass through as-is.
 */
import { ERROR_CATALOGUE } from "../../src/shared/error-catalogue.js";
import { isAppError } from "../../src/shared/errors.js";

export class SdkError extends Error {
  override name = "SdkError";
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${messageEn} — ${detail}` : `${code}: ${messageEn}`);
  }

  static of(code: string, detail?: string): SdkError {
    const spec = (ERROR_CATALOGUE as Record<string, { status: number; zh: string; en: string }>)[code];
    return new SdkError(code, spec?.status ?? 500, spec?.zh ?? code, spec?.en ?? code, detail);
  }

  /** From an application/problem+json body. */
  static fromProblem(status: number, body: unknown): SdkError {
    const p = (body ?? {}) as { code?: string; messageZh?: string; messageEn?: string; detail?: string; title?: string };
    const code = p.code ?? (status === 404 ? "NOT_FOUND" : "INTERNAL_ERROR");
    const known = SdkError.of(code);
    return new SdkError(code, status, p.messageZh ?? known.messageZh, p.messageEn ?? p.title ?? known.messageEn, p.detail);
  }
}

export const isSdkError = (e: unknown): e is SdkError => e instanceof SdkError;

/** Runs f and turns the shared code's AppError (and stray errors) into SdkError. */
export async function coded<T>(f: () => Promise<T> | T, fallback = "SEC_CMS_MALFORMED"): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SdkError) throw e;
    if (isAppError(e)) throw new SdkError(e.code, e.status, e.messageZh, e.messageEn, e.detail);
    throw SdkError.of(fallback, e instanceof Error ? e.message : String(e));
  }
}
