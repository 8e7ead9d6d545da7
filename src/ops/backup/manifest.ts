/**
 * The backup manifest: what the archive holds and the SHA-256 of every part,
 * record counts per table, schema version, audit head and creation time. It
 * is signed (manifest.sig.json) by the backup-signing key; everything else in
 * the archive is trusted only through the hashes listed here.
 *
 * Archive layout (a gzip'd POSIX tar, so `tar tzf` lists it):
 *   manifest.json        this document (canonical JSON)
 *   manifest.sig.json    { alg, spki, signature } over the exact bytes of manifest.json
 *   db/<table>.ndjson    one row per line: PostgreSQL's row_to_json text
 *   files/<path>         stored documents from the data directory
 *   keys/<id>.key.pem    encrypted PKCS#8 private keys (never plaintext), keys/<id>.json public metadata
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";

export const BACKUP_FORMAT = "landtrade-backup/1";
export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig.json";

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const relPath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith("/") && !p.split("/").some((s) => s === ".." || s === "." || s === ""), "must be a relative path without . or ..");

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  id: z.string().min(1).max(100),
  createdAt: z.iso.datetime(),
  createdBy: z.string().min(1),
  app: z.object({ version: z.string() }),
  source: z.object({ database: z.enum(["pglite", "postgres"]) }),
  schema: z.object({
    version: z.string(),
    migrations: z.array(z.object({ name: z.string().min(1), timestamp: z.string() })),
  }),
  audit: z.object({ seq: z.number().int().min(0), hash: sha }),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      rows: z.number().int().min(0),
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
      primaryKey: z.array(z.string()),
      path: relPath,
      sha256: sha,
      bytes: z.number().int().min(0),
    }),
  ),
  sequences: z.array(z.object({ name: z.string().min(1), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  files: z.array(z.object({ path: relPath, kind: z.enum(["document", "key"]), sha256: sha, bytes: z.number().int().min(0) })),
  /** Every key the key store knows: file keys are in keys/ (encrypted), PKCS#11 keys are references only. */
  keys: z.array(z.object({ store: z.enum(["file", "pkcs11"]), id: z.string(), suite: z.string(), label: z.string(), spkiSha256: sha })),
  totals: z.object({ rows: z.number().int().min(0), bytes: z.number().int().min(0) }),
});

export type Manifest = z.infer<typeof manifestSchema>;

export const signatureSchema = z.object({
  alg: z.literal("ecdsa-p256-sha256"),
  /** DER SubjectPublicKeyInfo, base64. */
  spki: z.string().min(1),
  signature: z.string().min(1),
});

export type ManifestSignature = z.infer<typeof signatureSchema>;

export const sha256Hex = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");

/** Parses the manifest bytes; anything that is not a landtrade manifest of this format is a coded error. */
export function parseManifest(bytes: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new AppError("OPS_BACKUP_CORRUPT", { detail: `manifest.json is not JSON: ${(e as Error).message}` });
  }
  const fmt = (raw as { format?: unknown } | null)?.format;
  if (typeof fmt !== "string" || !fmt.startsWith("landtrade-backup/")) {
    throw new AppError("OPS_BACKUP_FORMAT_UNSUPPORTED", { detail: `format ${JSON.stringify(fmt)}` });
  }
  if (fmt !== BACKUP_FORMAT) throw new AppError("OPS_BACKUP_FORMAT_UNSUPPORTED", { detail: `format ${fmt}; this program reads ${BACKUP_FORMAT}` });
  const r = manifestSchema.safeParse(raw);
  if (!r.success) {
    throw new AppError("OPS_BACKUP_CORRUPT", { detail: `manifest.json: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  }
  return r.data;
}

/**
 * Where the backup's schema stands against this program's migrations: it must
 * be a prefix of ours (the same or an older version).
 */
export function checkSchema(m: Manifest, known: string[]): void {
  const names = m.schema.migrations.map((x) => x.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new AppError("OPS_BACKUP_SCHEMA_NEWER", { detail: `the backup has migrations this program does not know: ${unknown.join(", ")} (schema ${m.schema.version})` });
  }
  if (names.some((n, i) => known[i] !== n)) {
    throw new AppError("OPS_BACKUP_SCHEMA_MISMATCH", { detail: `backup migrations ${names.join(", ")} are not a prefix of ${known.join(", ")}` });
  }
}
