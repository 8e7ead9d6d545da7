/**
 * SDK version and the security-service functions it knows how to call. At
 * login the client sends both; the server answers with its API version and
 * function list, and a call the server lacks fails with SEC_FUNCTION_UNKNOWN
 * before anything is sent.
 */
export const SDK_VERSION = "1.0.0";

/** name → the version of the function's contract this SDK speaks. */
export const SDK_FUNCTIONS = {
  authenticate: 1,
  sign: 1,
  verify: 1,
  encrypt: 1,
  decrypt: 1,
  validate: 1,
} as const;

export type FunctionName = keyof typeof SDK_FUNCTIONS;

export interface ServerFunctions {
  apiVersion: string;
  serverVersion: string;
  functions: { name: string; version: number }[];
  limits: { maxPayloadBytes: number };
}
