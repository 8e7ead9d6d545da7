import { describe, expect, it } from "vitest";
import { rmbWords } from "./rmb-words.js";

describe("rmbWords", () => {
  it.each([
    [0n, "零元整"],
    [100n, "壹元整"],
    [1_000_000n, "壹万元整"],
    [281_500_000_00n, "贰亿捌仟壹佰伍拾万元整"],
    [100_010_000n, "壹佰万零壹佰元整"],
    [1_000_000_100n, "壹仟万零壹元整"],
    [10_000_000_000n, "壹亿元整"],
    [12_345n, "壹佰贰拾叁元肆角伍分"],
    [1_005n, "壹拾元零伍分"],
  ])("%s fen → %s", (fen, words) => expect(rmbWords(fen)).toBe(words));
});
