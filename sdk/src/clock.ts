/**
 * The SDK's one reader of the wall clock (signing time of client-side
 * signatures, "now" for receipt checks). Pass `now` in the client options to
 * fix it, as tests do.
 */
export type Now = () => Date;
export const systemNow: Now = () => new Date();
