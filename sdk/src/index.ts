/** @landtrade/sdk — client of the landtrade security service (安全中间件). Works in browsers and Node 20. */
export { LandtradeClient, type ClientOptions } from "./client.js";
export { SdkError, isSdkError } from "./errors.js";
export { DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from "./leader-retry.js";
export type { RequestOptions } from "./http.js";
export { SDK_VERSION, SDK_FUNCTIONS, type FunctionName, type ServerFunctions } from "./version.js";
export type { Token, TokenKey, Signer, Decrypter, SuiteId } from "./tokens/token.js";
export { MemoryToken } from "./tokens/memory-token.js";
export { SoftToken, SOFT_TOKEN_DB, SOFT_TOKEN_STORE, type SoftTokenRecord } from "./tokens/soft-token.js";
export { Pkcs11TokenAdapter, type Pkcs11TokenLike } from "./tokens/pkcs11-adapter.js";
export { signCms, verifyCms, type CmsVerification } from "./cms/signed-data.js";
export { checkChain } from "./cms/chain.js";
export { readCert, type CertInfo } from "./cms/cert-info.js";
export { webGm } from "./crypto/web-gm.js";
export { toBase64, fromBase64, toPem, pemBlocks, utf8, fromUtf8 } from "./bytes.js";
export type * from "./types.js";
