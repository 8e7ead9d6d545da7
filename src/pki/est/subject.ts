/** Subjects as the RA vets them ([["CN","张三"], …]) and back from a certificate for renewal. */
import type { Name } from "@peculiar/asn1-x509";
import { AppError } from "../../shared/errors.js";
import { DN_OID, type DnAttr, type DnKey } from "../asn1/names.js";

const KEY_OF: Record<string, DnKey> = Object.fromEntries(Object.entries(DN_OID).map(([k, v]) => [v, k as DnKey]));

/** Validates attribute names and values of a vetted subject. */
export function assertDnAttrs(raw: readonly (readonly [string, string])[]): DnAttr[] {
  if (!raw.length) throw new AppError("EST_GRANT_INVALID", { detail: "the subject is empty" });
  return raw.map(([k, v]) => {
    if (!(k in DN_OID)) throw new AppError("EST_GRANT_INVALID", { detail: `unknown subject attribute ${k}; use ${Object.keys(DN_OID).join(", ")}` });
    const val = String(v).trim();
    if (!val || val.length > 200) throw new AppError("EST_GRANT_INVALID", { detail: `subject ${k} must be 1–200 characters` });
    if (k === "C" && !/^[A-Z]{2}$/.test(val)) throw new AppError("EST_GRANT_INVALID", { detail: "C must be a two-letter country code" });
    return [k as DnKey, val];
  });
}

/** The attributes of a Name we issued (single-valued RDNs of known types), for renewing with the same subject. */
export function attrsOfName(name: Name): DnAttr[] {
  return name.map((rdn) => {
    const atv = rdn[0];
    const key = atv ? KEY_OF[atv.type] : undefined;
    if (rdn.length !== 1 || !atv || !key) throw new AppError("EST_REENROLL_NOT_ALLOWED", { detail: "the certificate's subject has attributes this CA does not issue" });
    return [key, atv.value.toString()];
  });
}
