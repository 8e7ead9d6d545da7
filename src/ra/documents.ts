/**
 * Document scans (identity cards, business licences, authorisation letters):
 * JPEG, PNG or PDF up to 5 MiB, recognised by their first bytes — the
 * declared content type must agree with what the bytes are.
 */
import { AppError } from "../shared/errors.js";
import type { ApplicantKind, DocumentKind } from "./ra.ports.js";

export const MAX_SCAN_BYTES = 5 * 1024 * 1024;
export const SCAN_MEDIA_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
export type ScanMediaType = (typeof SCAN_MEDIA_TYPES)[number];

const MAGIC: Record<ScanMediaType, number[]> = {
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
};

export function sniffScan(bytes: Uint8Array): ScanMediaType | null {
  for (const [type, magic] of Object.entries(MAGIC) as [ScanMediaType, number[]][]) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/** Checks size and type; returns the media type the bytes really are. */
export function checkScan(bytes: Uint8Array, declared: string): ScanMediaType {
  if (bytes.length > MAX_SCAN_BYTES) throw new AppError("RA_DOCUMENT_TOO_LARGE", { detail: `${bytes.length} bytes` });
  if (bytes.length === 0) throw new AppError("RA_DOCUMENT_TYPE", { detail: "empty file" });
  const sniffed = sniffScan(bytes);
  const base = declared.split(";")[0]!.trim().toLowerCase();
  if (!sniffed) throw new AppError("RA_DOCUMENT_TYPE", { detail: `content is not JPEG, PNG or PDF (declared ${base})` });
  if (sniffed !== base) throw new AppError("RA_DOCUMENT_TYPE", { detail: `declared ${base} but the content is ${sniffed}` });
  return sniffed;
}

/** Scans that must be on file before an issuing application can be vetted. */
export function requiredDocuments(kind: ApplicantKind): DocumentKind[] {
  return kind === "individual" ? ["id_card"] : ["business_licence", "agent_id", "authorisation_letter"];
}

/** File names as shown and stored: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join("").trim().slice(0, 120);
  return clean || "scan";
}
