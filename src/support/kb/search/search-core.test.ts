/**
 * The search core without a database: tokenizer (segmenter + dictionary +
 * bigrams + Latin), tsvector text, the query builder (sanitising, terms,
 * phrase fallbacks) and the highlighter. The same tsvector/tsquery texts are
 * then run on PGlite and PostgreSQL by test/integration/kb-search.test.ts.
 */
import { describe, expect, it } from "vitest";
import { findHits, highlightAll, snippet } from "./highlighter.js";
import { buildQuery } from "./query-builder.js";
import { tokenize } from "./tokenizer.js";
import { buildTsvector, quoteLexeme } from "./tsvector.js";

const lexemes = (text: string) => new Set(tokenize(text).map((t) => t.lexeme));
const at = (text: string, lexeme: string) => tokenize(text).filter((t) => t.lexeme === lexeme).map((t) => t.offset);

describe("tokenizer", () => {
  it("indexes the segmenter's words, dictionary terms and every bigram", () => {
    const l = lexemes("吊销数字证书");
    for (const w of ["吊销", "数字", "证书", "数字证书", "销数", "字证"]) expect(l.has(w), w).toBe(true);
    expect(at("吊销数字证书", "数字证书")).toEqual([2]);
    // Bigram offsets are consecutive: that is what makes phrase queries work.
    expect([...at("吊销数字证书", "吊销"), ...at("吊销数字证书", "销数"), ...at("吊销数字证书", "数字"), ...at("吊销数字证书", "字证"), ...at("吊销数字证书", "证书")]).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps the domain terms the segmenter breaks", () => {
    // Intl.Segmenter alone: 竞|买|人, 保证|金, 限|时|竞价, 不动|产权, 所|有权, 宅|基地, 时间|戳, 私|钥.
    const l = lexemes("竞买人缴纳保证金后参加限时竞价；不动产权、所有权和宅基地；时间戳与私钥");
    for (const w of ["竞买人", "保证金", "限时竞价", "不动产权", "所有权", "宅基地", "时间戳", "私钥"]) expect(l.has(w), w).toBe(true);
    const plain = [...new Intl.Segmenter("zh", { granularity: "word" }).segment("竞买人")].map((s) => s.segment);
    expect(plain).not.toContain("竞买人"); // the reason the dictionary exists; if the segmenter learns it, fine, but know it
  });

  it("handles Latin words, compounds, aliases and full-width forms", () => {
    const l = lexemes("Ｕ盾 / USB Key / usb-key 驱动；错误 SEC_CERT_REVOKED；PKCS#11 模块");
    for (const w of ["usbkey", "usb", "key", "sec_cert_revoked", "sec", "cert", "revoked", "pkcs11", "驱动", "错误"]) expect(l.has(w), w).toBe(true);
    expect(at("ＵＳＢＫｅｙ", "usbkey")).toEqual([0]);
  });

  it("drops punctuation and lexemes longer than 64 characters", () => {
    const l = lexemes(`「」，。！？ ${"a".repeat(65)} ok`);
    expect([...l]).toEqual(["ok"]);
  });
});

describe("tsvector text", () => {
  it("weights fields and keeps them apart; positions start at 1", () => {
    const v = buildTsvector([
      { text: "证书", weight: "A" },
      { text: "吊销", weight: "B" },
    ]);
    expect(v).toBe("'证书':1A '吊销':9B");
  });

  it("quotes lexemes so no input can break out of the literal", () => {
    expect(quoteLexeme("o'brien\\x")).toBe("'o''brien\\\\x'");
  });

  it("caps positions at 16383 and at 256 per lexeme", () => {
    const v = buildTsvector([{ text: "证书 ".repeat(20_000), weight: "D" }]);
    const positions = /'证书':([^ ]+)/.exec(v)![1]!.split(",");
    expect(positions.length).toBe(256);
    expect(Math.max(...positions.map((p) => Number.parseInt(p, 10)))).toBeLessThanOrEqual(16383);
  });
});

describe("query builder", () => {
  const table: [string, string | null][] = [
    ["证书吊销", "'证书' & '吊销'"],
    ["如何更换证书？", "'更换' & '证书'"],
    ["竞买人保证金", "( '竞买人' | '竞买' <-> '买人' ) & ( '保证金' | '保证' <-> '证金' )"],
    ["限时竞价规则", "( '限时竞价' | '限时' <-> '时竞' <-> '竞价' ) & '规则'"],
    ["宅基地", "( '宅基地' | '宅基' <-> '基地' )"],
    ["USB Key 驱动", "'usbkey':* & '驱动'"],
    ["U盾驱动", "'usbkey':* & '驱动'"],
    ["Certificate revoked", "'certificate':* & 'revoked':*"],
    ["SEC_CERT_REVOKED", "'sec_cert_revoked':*"],
    ["吊", "'吊':*"],
    ["数字证书链", "( '数字证书链' | '数字' <-> '字证' <-> '证书' <-> '书链' )"],
    ["的", "'的':*"],
    ["", null],
    ["   ", null],
    ["&&& ||| !!! <-> () :*", null],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected ?? "nothing searchable"}`, () => {
      expect(buildQuery(input)?.all ?? null).toBe(expected);
    });
  }

  it("never lets tsquery syntax through: only quoted lexemes and its own operators", () => {
    const nasty = ["a' | 'b", "x:* & !y", "(证书)|(吊销)", "'); drop table kb_article; --", "\\' <2> \\", "证书<->吊销", "a:*B & b", "'''"];
    for (const input of nasty) {
      const q = buildQuery(input);
      if (!q) continue;
      // Strip the quoted lexemes: what is left must be only our operators and spacing.
      const outside = q.all.replace(/'(?:[^']|'')*'/g, "L");
      expect(outside, input).toMatch(/^(?:[L()&|:*<\->\s])*$/);
      // Every quoted lexeme is made of word characters only.
      for (const m of q.all.matchAll(/'((?:[^']|'')*)'/g)) expect(m[1], input).toMatch(/^[\p{Script=Han}a-z0-9\u00c0-\u024f._-]+$/u);
    }
  });

  it("offers an any-term variant and caps the number of terms", () => {
    const q = buildQuery("证书 吊销")!;
    expect(q.any).toBe("'证书' | '吊销'");
    expect(buildQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(" "))!.terms).toHaveLength(12);
  });
});

describe("highlighter", () => {
  const terms = buildQuery("证书吊销")!.terms;

  it("marks each term where it occurs, on the original text", () => {
    expect(highlightAll("请先吊销数字证书", terms)).toEqual([
      { text: "请先", hit: false },
      { text: "吊销", hit: true },
      { text: "数字", hit: false },
      { text: "证书", hit: true },
    ]);
  });

  it("maps full-width and upper-case text back to the original characters", () => {
    const t = buildQuery("usb key")!.terms;
    expect(highlightAll("请插入 ＵＳＢ Ｋｅｙ 后重试", t).filter((p) => p.hit).map((p) => p.text)).toEqual(["ＵＳＢ Ｋｅｙ"]);
    expect(highlightAll("Certificates expire", buildQuery("certificate")!.terms)).toEqual([
      { text: "Certificates", hit: true },
      { text: " expire", hit: false },
    ]);
  });

  it("merges overlapping hits", () => {
    expect(findHits("数字证书", buildQuery("数字证书 证书")!.terms)).toHaveLength(1);
  });

  it("cuts a snippet around the densest hits, with ellipses", () => {
    const text = `${"无关内容。".repeat(40)}如果 USBKey 损坏，请到国土局先吊销数字证书，再申请新证书。${"其他说明。".repeat(40)}`;
    const s = snippet(text, terms, 60);
    expect(s[0]).toEqual({ text: "…", hit: false });
    expect(s[s.length - 1]).toEqual({ text: "…", hit: false });
    expect(s.filter((p) => p.hit).map((p) => p.text)).toEqual(expect.arrayContaining(["吊销", "证书"]));
    expect(s.map((p) => p.text).join("").length).toBeLessThanOrEqual(62);
  });

  it("without a hit, returns the start of the text", () => {
    expect(snippet("短文本", terms)).toEqual([{ text: "短文本", hit: false }]);
  });
});
