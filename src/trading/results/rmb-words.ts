/** Amounts in Chinese financial capitals (人民币大写), as written on a deal confirmation: 贰亿捌仟壹佰伍拾万元整. */
const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL = ["", "拾", "佰", "仟"];
const BIG = ["", "万", "亿", "万亿"];

function group(n: number): string {
  let s = "";
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) zero = s !== "";
    else {
      if (zero) s += "零";
      s += DIGITS[d]! + SMALL[i]!;
      zero = false;
    }
  }
  return s;
}

export function rmbWords(fen: bigint): string {
  if (fen < 0n) throw new RangeError("negative amount");
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const f = Number(fen % 10n);
  let s = "";
  if (yuan === 0n) s = "零";
  else {
    const groups: number[] = [];
    for (let y = yuan; y > 0n; y /= 10000n) groups.push(Number(y % 10000n));
    let pendingZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g === 0) {
        pendingZero = s !== "";
        continue;
      }
      if (pendingZero || (s !== "" && g < 1000)) s += "零";
      s += group(g) + BIG[i]!;
      pendingZero = false;
    }
  }
  s += "元";
  if (jiao === 0 && f === 0) return `${s}整`;
  return s + (jiao ? `${DIGITS[jiao]}角` : "零") + (f ? `${DIGITS[f]}分` : "");
}
