/** Byte helpers for the browser token: base64, hex, PEM, ArrayBuffer views. */

export const toBase64 = (b: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};

export const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s.replace(/\s+/g, "")), (c) => c.charCodeAt(0));

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

export const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/.{2}/g) ?? [], (x) => parseInt(x, 16));

/** A fresh ArrayBuffer holding exactly these bytes (WebCrypto and asn1-schema want ArrayBuffers). */
export const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function toPem(der: Uint8Array, label: string): string {
  return `-----BEGIN ${label}-----\n${toBase64(der).replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END ${label}-----\n`;
}

/** DER of every PEM block with this label (or any label). */
export function pemBlocks(pem: string, label?: string): Uint8Array[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  const out: Uint8Array[] = [];
  for (let m = re.exec(pem); m; m = re.exec(pem)) if (!label || m[1] === label) out.push(fromBase64(m[2]!));
  return out;
}
