/** ECDSA signature encodings. */

/** WebCrypto returns r‖s; certificates, CSRs and our login take DER. */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const t = Array.from(b.subarray(i));
    if (t[0]! & 0x80) t.unshift(0);
    return [0x02, t.length, ...t];
  };
  const body = [...int(sig.subarray(0, sig.length / 2)), ...int(sig.subarray(sig.length / 2))];
  return Uint8Array.of(0x30, body.length, ...body);
}
