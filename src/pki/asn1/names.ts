/** Distinguished names: built from ordered attribute lists, printed RFC 4514 style. */
import { AsnConvert } from "@peculiar/asn1-schema";
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";
import { childrenOf, DerError, readOid, readOnly, valueOf } from "./der-reader.js";

export const DN_OID = {
  C: "2.5.4.6",
  ST: "2.5.4.8",
  L: "2.5.4.7",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  CN: "2.5.4.3",
  serialNumber: "2.5.4.5",
  organizationIdentifier: "2.5.4.97",
} as const;

export type DnKey = keyof typeof DN_OID;
export type DnAttr = [DnKey, string];

const SHORT: Record<string, string> = Object.fromEntries(Object.entries(DN_OID).map(([k, v]) => [v, k]));

export function buildName(attrs: DnAttr[]): Name {
  return new Name(
    attrs.map(
      ([k, v]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type: DN_OID[k],
            // Country and serial numbers are PrintableString by RFC 5280; the rest UTF8 (Chinese names).
            value: new AttributeValue(k === "C" || k === "serialNumber" ? { printableString: v } : { utf8String: v }),
          }),
        ]),
    ),
  );
}

function decodeString(tag: number, v: Uint8Array): string {
  switch (tag) {
    case 0x0c:
      return Buffer.from(v).toString("utf8");
    case 0x12:
    case 0x13:
    case 0x16:
    case 0x1a:
    case 0x14:
      return Buffer.from(v).toString("latin1");
    case 0x1e:
      return Buffer.from(v).swap16().toString("utf16le");
    default:
      return `#${Buffer.from(v).toString("hex")}`;
  }
}

export interface NameInfo {
  /** RFC 4514-style text, most significant RDN first: "C=CN, O=…, CN=…". */
  text: string;
  /** Attribute type OIDs present. */
  types: Set<string>;
}

/** Reads a DER Name without a schema parse (hot path of issuance). Throws DerError. */
export function nameInfo(der: Uint8Array): NameInfo {
  const types = new Set<string>();
  const rdns = childrenOf(der, readOnly(der, 0x30), 64).map((rdn) => {
    if (rdn.tag !== 0x31) throw new DerError("RDN is not a SET");
    return childrenOf(der, rdn, 16)
      .map((atv) => {
        const [t, v, extra] = childrenOf(der, atv);
        if (!v || extra) throw new DerError("AttributeTypeAndValue malformed");
        const type = readOid(der, t, "attribute type");
        types.add(type);
        const val = decodeString(v.tag, valueOf(der, v)).replace(/([,+"\\<>;])/g, "\\$1");
        return `${SHORT[type] ?? type}=${val}`;
      })
      .join("+");
  });
  return { text: rdns.join(", "), types };
}

/** The same text as nameInfo(der).text, from the schema object. */
export function nameToString(name: Name): string {
  return name
    .map((rdn) =>
      rdn
        .map((atv) => {
          const key = SHORT[atv.type] ?? atv.type;
          const val = atv.value.toString().replace(/([,+"\\<>;])/g, "\\$1");
          return `${key}=${val}`;
        })
        .join("+"),
    )
    .join(", ");
}

export function nameDer(name: Name): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(name));
}
