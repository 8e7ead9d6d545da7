/** Browser support: WebCrypto (a real P-256 sign/verify), IndexedDB, script features, cookies, secure context. */
import type { CheckResult } from "./report.ts";

const reasonOf = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function webCrypto(): Promise<CheckResult> {
  const base = { id: "browser.webcrypto", section: "browser", title: "diag.webcrypto" } as const;
  try {
    if (!globalThis.crypto?.subtle) throw new Error(window.isSecureContext ? "crypto.subtle missing" : "not a secure context");
    const alg = { name: "ECDSA", namedCurve: "P-256" };
    const pair = await crypto.subtle.generateKey(alg, false, ["sign", "verify"]);
    const data = new TextEncoder().encode("landtrade self-diagnosis");
    const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, data);
    const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pair.publicKey, sig, data);
    if (!ok) throw new Error("signature did not verify");
    return { ...base, status: "ok", message: "diag.webcrypto.ok" };
  } catch (e) {
    return { ...base, status: "fail", message: "diag.webcrypto.fail", vars: { reason: reasonOf(e) } };
  }
}

function indexedDb(): Promise<CheckResult> {
  const base = { id: "browser.indexeddb", section: "browser", title: "diag.indexeddb" } as const;
  return new Promise((resolve) => {
    const fail = (reason: string) => resolve({ ...base, status: "fail", message: "diag.indexeddb.fail", vars: { reason } });
    try {
      if (!globalThis.indexedDB) return fail("indexedDB missing");
      const name = "landtrade-diagnose-probe";
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore("probe");
      req.onerror = () => fail(reasonOf(req.error));
      req.onblocked = () => fail("blocked");
      req.onsuccess = () => {
        req.result.close();
        indexedDB.deleteDatabase(name);
        resolve({ ...base, status: "ok", message: "diag.indexeddb.ok" });
      };
    } catch (e) {
      fail(reasonOf(e));
    }
  });
}

function esFeatures(): CheckResult {
  const need: [string, () => boolean][] = [
    ["BigInt", () => typeof BigInt === "function"],
    ["Promise.allSettled", () => typeof Promise.allSettled === "function"],
    ["Array.prototype.at", () => typeof [].at === "function"],
    ["structuredClone", () => typeof structuredClone === "function"],
    ["TextEncoder", () => typeof TextEncoder === "function"],
    ["fetch", () => typeof fetch === "function"],
    ["AbortController", () => typeof AbortController === "function"],
  ];
  const missing = need.filter(([, test]) => !test()).map(([n]) => n);
  const base = { id: "browser.es", section: "browser", title: "diag.es" } as const;
  return missing.length ? { ...base, status: "fail", message: "diag.es.fail", vars: { missing: missing.join(", ") }, data: { missing } } : { ...base, status: "ok", message: "diag.es.ok" };
}

function cookies(): CheckResult {
  const base = { id: "browser.cookies", section: "browser", title: "diag.cookies" } as const;
  let works = false;
  try {
    document.cookie = "lt_diag=1; path=/help; SameSite=Strict";
    works = navigator.cookieEnabled && document.cookie.includes("lt_diag=1");
    document.cookie = "lt_diag=; path=/help; max-age=0; SameSite=Strict";
  } catch {
    works = false;
  }
  return works ? { ...base, status: "ok", message: "diag.cookies.ok" } : { ...base, status: "fail", message: "diag.cookies.fail" };
}

function secureContext(): CheckResult {
  const base = { id: "browser.secure-context", section: "browser", title: "diag.secure" } as const;
  return window.isSecureContext ? { ...base, status: "ok", message: "diag.secure.ok" } : { ...base, status: "warn", message: "diag.secure.warn" };
}

export async function browserChecks(): Promise<CheckResult[]> {
  return [await webCrypto(), await indexedDb(), esFeatures(), cookies(), secureContext()];
}
