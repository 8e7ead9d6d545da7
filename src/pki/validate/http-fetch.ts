/**
 * Fetching revocation data from other CAs over HTTP: a hard timeout, a size
 * cap read as a stream (a hostile server cannot make us buffer gigabytes),
 * and plain errors the revocation checker turns into "unavailable".
 */
export interface FetchOptions {
  method?: "GET" | "POST";
  body?: Uint8Array;
  contentType?: string;
  accept?: string;
  timeoutMs: number;
  maxBytes: number;
}

export type Fetcher = (url: string, opts: FetchOptions) => Promise<Uint8Array>;

export const fetchBytes: Fetcher = async (url, opts) => {
  if (!/^https?:\/\//i.test(url)) throw new Error(`unsupported URL scheme: ${url}`);
  const res = await fetch(url, {
    method: opts.method ?? "GET",
    ...(opts.body ? { body: opts.body } : {}),
    headers: { ...(opts.contentType ? { "content-type": opts.contentType } : {}), ...(opts.accept ? { accept: opts.accept } : {}) },
    signal: AbortSignal.timeout(opts.timeoutMs),
    redirect: "follow",
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} from ${url}`);
  }
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > opts.maxBytes) {
    await res.body?.cancel();
    throw new Error(`${url}: ${declared} bytes exceeds the ${opts.maxBytes}-byte limit`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > opts.maxBytes) throw new Error(`${url}: response exceeds the ${opts.maxBytes}-byte limit`);
      chunks.push(chunk);
    }
  }
  return new Uint8Array(Buffer.concat(chunks));
};
