import { ERROR_CATALOGUE, type ErrorCode } from "./error-catalogue.js";

export { ERROR_CATALOGUE, type ErrorCode } from "./error-catalogue.js";

export interface AppErrorOptions {
  /** Specific detail for this occurrence (safe to show to the caller). */
  detail?: string;
  /** Extra machine-readable fields (e.g. field errors, retryAfter). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/** The only error type domain code throws; http/ maps it to problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, opts: AppErrorOptions = {}) {
    const spec = ERROR_CATALOGUE[code];
    super(opts.detail ? `${spec.en}: ${opts.detail}` : spec.en, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.status = spec.status;
    this.detail = opts.detail;
    this.extra = opts.extra ?? {};
  }

  get messageZh(): string {
    return ERROR_CATALOGUE[this.code].zh;
  }

  get messageEn(): string {
    return ERROR_CATALOGUE[this.code].en;
  }

  /** One line for the CLI and logs: code, both messages, detail. */
  toLine(): string {
    return `${this.code}: ${this.messageZh} / ${this.messageEn}${this.detail ? ` — ${this.detail}` : ""}`;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
