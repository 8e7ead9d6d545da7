/**
 * Soft-token probe. The RA stores a bidder's browser-held keys in IndexedDB
 * database "landtrade-token", object store "keys". We list key ids, labels
 * and stored certificates only: the private key field is never read, and
 * CryptoKey objects are never exported. The database is not created when it
 * does not exist (an upgrade is aborted).
 */
import type { CheckResult } from "./report.ts";

export const TOKEN_DB = "landtrade-token";
export const TOKEN_STORE = "keys";

export interface SoftTokenKey {
  id: string;
  label: string | null;
  algorithm: string | null;
  certificatePem: string | null;
}

const CERT_FIELDS = ["certificatePem", "certPem", "certificate", "cert"];
const LABEL_FIELDS = ["label", "name", "subject", "commonName"];

function pick(value: unknown, key: IDBValidKey): SoftTokenKey {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : null);
  const certificatePem = CERT_FIELDS.map(str).find((s) => s?.includes("BEGIN CERTIFICATE")) ?? null;
  const label = LABEL_FIELDS.map(str).find(Boolean) ?? null;
  const alg = typeof v.algorithm === "string" ? v.algorithm : null;
  return { id: String(typeof v.id === "string" || typeof v.id === "number" ? v.id : key), label, algorithm: alg, certificatePem };
}

async function exists(): Promise<boolean | null> {
  const list = indexedDB.databases ? await indexedDB.databases().catch(() => null) : null;
  return list ? list.some((d) => d.name === TOKEN_DB) : null;
}

function openExisting(): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(TOKEN_DB);
    let created = false;
    req.onupgradeneeded = () => {
      // It did not exist: abort so we do not leave an empty database behind.
      created = true;
      req.transaction?.abort();
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (created ? resolve(null) : reject(req.error ?? new Error("open failed")));
  });
}

function readKeys(db: IDBDatabase): Promise<SoftTokenKey[]> {
  return new Promise((resolve, reject) => {
    const out: SoftTokenKey[] = [];
    const tx = db.transaction(TOKEN_STORE, "readonly");
    const req = tx.objectStore(TOKEN_STORE).openCursor();
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return;
      out.push(pick(c.value, c.key));
      c.continue();
    };
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error ?? new Error("read failed"));
  });
}

export async function probeSoftToken(): Promise<{ result: CheckResult; keys: SoftTokenKey[] }> {
  const base = { id: "token.soft", section: "token", title: "diag.softToken" } as const;
  try {
    if (!globalThis.indexedDB || (await exists()) === false) return { result: { ...base, status: "info", message: "diag.softToken.none", data: { present: false } }, keys: [] };
    const db = await openExisting();
    if (!db) return { result: { ...base, status: "info", message: "diag.softToken.none", data: { present: false } }, keys: [] };
    try {
      if (!db.objectStoreNames.contains(TOKEN_STORE)) return { result: { ...base, status: "warn", message: "diag.softToken.noStore", data: { present: true, stores: [...db.objectStoreNames] } }, keys: [] };
      const keys = await readKeys(db);
      if (keys.length === 0) return { result: { ...base, status: "info", message: "diag.softToken.none", data: { present: true, keys: 0 } }, keys };
      return {
        result: { ...base, status: "ok", message: "diag.softToken.found", vars: { n: keys.length, labels: keys.map((k) => k.label ?? k.id).join("、") }, data: { present: true, keys: keys.map((k) => ({ id: k.id, label: k.label, algorithm: k.algorithm, hasCertificate: k.certificatePem !== null })) } },
        keys,
      };
    } finally {
      db.close();
    }
  } catch (e) {
    return { result: { ...base, status: "warn", message: "diag.indexeddb.fail", vars: { reason: e instanceof Error ? e.message : String(e) } }, keys: [] };
  }
}
