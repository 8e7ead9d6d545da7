/** Distinguished names: built from ordered attribute lists, printed RFC 4514 style. */
import { AsnConvert } from "@peculiar/asn1-schema";
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";

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
