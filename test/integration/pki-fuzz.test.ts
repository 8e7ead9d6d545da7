/**
 * Mutation fuzzing of every parser the PKI exposes to the outside: PKCS#10
 * (with proof of possession), OCSP requests, TSA queries and CMS
 * SignedData (parse + verify). Thousands of inputs derived from a fixed
 * corpus (test/fixtures/pki-fuzz-corpus.json) by bit flips, truncations,
 * length-byte corruption and random splices, from a seeded PRNG so a
 * failure reproduces. Each call must return or throw a coded PKI AppError:
 * no other exception, no hang. A smaller run goes through the OCSP and TSA
 * services (with the database) and must always answer with protocol DER.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCms } from "../../src/pki/asn1/cms.js";
import { parseCsr } from "../../src/pki/asn1/csr.js";
import { childrenOf, readTlv, type Tlv } from "../../src/pki/asn1/der-reader.js";
import { parseOcspRequest, responseStatusOf } from "../../src/pki/asn1/ocsp.js";
import { parseTimeStampReq, parseTimeStampResp } from "../../src/pki/asn1/tsp.js";
import { isAppError } from "../../src/shared/errors.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";

const corpus = JSON.parse(readFileSync(new URL("../fixtures/pki-fuzz-corpus.json", import.meta.url), "utf8")) as Record<"csr" | "ocspRequest" | "tsaQuery" | "cms", string[]>;
const seeds = Object.fromEntries(Object.entries(corpus).filter(([k]) => k !== "note").map(([k, v]) => [k, (v as string[]).map((b) => new Uint8Array(Buffer.from(b, "base64")))])) as Record<keyof typeof corpus, Uint8Array[]>;
const everything = Object.values(seeds).flat();

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets of every TLV header in a well-formed input (where length corruption bites). */
function headers(buf: Uint8Array): number[] {
  const out: number[] = [];
  const walk = (t: Tlv, depth: number) => {
    out.push(t.start);
    if (depth > 20 || !(t.tag & 0x20)) return;
    try {
      for (const c of childrenOf(buf, t)) walk(c, depth + 1);
    } catch {
      // a primitive-looking constructed element: stop here
    }
  };
  walk(readTlv(buf, 0), 0);
  return out;
}

function mutator(seed: number) {
  const r = mulberry32(seed);
  const n = (k: number) => Math.floor(r() * k);
  const bytes = (k: number) => Uint8Array.from({ length: k }, () => n(256));
  const one = (x: Uint8Array, hdrs: number[]): Uint8Array => {
    const len = x.length;
    switch (n(7)) {
      case 0: {
        const y = Uint8Array.from(x);
        for (let i = 1 + n(4); i > 0 && len; i--) y[n(len)]! ^= 1 << n(8);
        return y;
      }
      case 1:
        return x.slice(0, n(len + 1));
      case 2: {
        const y = Uint8Array.from(x);
        const at = hdrs.length ? hdrs[n(hdrs.length)]! + 1 : n(len);
        if (at >= y.length) return y;
        const forms = [n(256), 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xff, 0x00, 0x7f];
        y[at] = forms[n(forms.length)]!;
        if (y[at]! > 0x80 && at + 1 < y.length) y[at + 1] = n(256);
        return y;
      }
      case 3: {
        const other = everything[n(everything.length)]!;
        const a = n(other.length);
        const piece = other.subarray(a, a + 1 + n(64));
        const at = n(len + 1);
        return Uint8Array.from([...x.subarray(0, at), ...piece, ...x.subarray(at + (r() < 0.5 ? piece.length : 0))]);
      }
      case 4: {
        const at = n(len + 1);
        const k = 1 + n(16);
        return Uint8Array.from([...x.subarray(0, at), ...bytes(k), ...x.subarray(Math.min(len, at + k))]);
      }
      case 5: {
        const a = n(len + 1);
        const b = Math.min(len, a + n(48));
        return Uint8Array.from([...x.subarray(0, b), ...x.subarray(a, b), ...x.subarray(b)]);
      }
      default: {
        const a = n(len + 1);
        return Uint8Array.from([...x.subarray(0, a), ...x.subarray(Math.min(len, a + 1 + n(24)))]);
      }
    }
  };
  return (x: Uint8Array): Uint8Array => {
    const hdrs = headers(x);
    let y = x;
    for (let i = 1 + n(3); i > 0; i--) y = one(y, hdrs);
    return y;
  };
}

interface Tally {
  ok: number;
  codes: Map<string, number>;
  slowestMs: number;
}

function fuzz(name: string, inputs: Uint8Array[], runs: number, seed: number, parse: (x: Uint8Array) => unknown): Tally {
  const mutate = mutator(seed);
  const t: Tally = { ok: 0, codes: new Map(), slowestMs: 0 };
  for (let i = 0; i < runs; i++) {
    const input = mutate(inputs[i % inputs.length]!);
    const t0 = performance.now();
    try {
      parse(input);
      t.ok++;
    } catch (e) {
      if (!isAppError(e) || !e.code.startsWith("PKI_")) {
        throw new Error(`${name}: run ${i} (seed ${seed}) threw ${(e as Error)?.name}: ${(e as Error)?.message}\ninput ${Buffer.from(input).toString("base64")}`);
      }
      t.codes.set(e.code, (t.codes.get(e.code) ?? 0) + 1);
    }
    t.slowestMs = Math.max(t.slowestMs, performance.now() - t0);
  }
  return t;
}

describe("PKI parsers under mutated input", () => {
  it("the corpus itself parses (so mutations start from valid input)", () => {
    for (const x of seeds.csr) expect(parseCsr(x).spki.length).toBeGreaterThan(0);
    for (const x of seeds.ocspRequest) expect(parseOcspRequest(x).certIds).toHaveLength(1);
    for (const x of seeds.tsaQuery) expect(parseTimeStampReq(x).imprint).toHaveLength(32);
    for (const x of seeds.cms) expect(verifyCms(x).ok).toBe(true);
  });

  const cases: [string, keyof typeof seeds, number, (x: Uint8Array) => unknown][] = [
    ["PKCS#10 (parse + proof of possession)", "csr", 1500, (x) => parseCsr(x)],
    ["OCSP request", "ocspRequest", 2000, (x) => parseOcspRequest(x)],
    ["TSA query", "tsaQuery", 2000, (x) => parseTimeStampReq(x)],
    ["CMS SignedData (parse + verify)", "cms", 1500, (x) => verifyCms(x)],
  ];
  for (const [name, key, runs, parse] of cases) {
    it(`${name}: ${runs} mutated inputs → values or coded errors only`, () => {
      const t = fuzz(name, seeds[key], runs, 0x5eed + runs + key.length, parse);
      if (process.env.FUZZ_REPORT) console.log(name, t.ok, Object.fromEntries(t.codes), Math.round(t.slowestMs));
      // Most mutations must be refused (the fuzzer is doing something), with codes, and quickly.
      expect(t.codes.size).toBeGreaterThan(0);
      expect([...t.codes.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(runs / 2);
      expect(t.slowestMs).toBeLessThan(1000);
    });
  }
});

describe("OCSP and TSA services under mutated input", () => {
  let s: TestSystem;
  beforeAll(async () => {
    s = await startTestSystem();
    await s.c.pki.ca.init("ecdsa-p256", "test:admin");
  }, 120_000);
  afterAll(() => s?.close());

  it("always answer with protocol DER, never throw", async () => {
    const mutate = mutator(20260302);
    for (let i = 0; i < 400; i++) {
      const o = await s.c.pki.ocsp.respond(mutate(seeds.ocspRequest[i % 2]!));
      expect([1, 6]).toContain(responseStatusOf(o.der));
      expect(o.error?.code).toMatch(/^PKI_/);
      const t = await s.c.pki.tsa.respond(mutate(seeds.tsaQuery[0]!));
      const resp = parseTimeStampResp(t.der);
      expect(resp.status === 0 ? t.error : t.error?.code).toSatisfy((v: unknown) => (resp.status === 0 ? v === undefined : typeof v === "string" && v.startsWith("PKI_")));
    }
  });
});
