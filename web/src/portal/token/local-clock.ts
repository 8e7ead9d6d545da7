/**
 * The browser's own clock, for local bookkeeping only (when a key was
 * created in this browser's token). Everything that matters — challenges,
 * codes, certificate validity — is decided by the server's injected clock.
 */
// eslint-disable-next-line no-restricted-syntax -- the browser token's creation stamp is local, display-only data
export const localNow = (): Date => new Date();
