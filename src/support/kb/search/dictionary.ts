/**
 * The domain dictionary laid over Intl.Segmenter. The segmenter splits
 * general Chinese well but breaks the terms this system lives on
 * (竞|买|人, 保证|金, 限|时|竞价, 不动|产权, 宅|基地): every term here is
 * indexed as one lexeme wherever it occurs, and a query keeps it whole.
 * Character bigrams are indexed as well, so a term missing from this list is
 * still found (as a phrase of bigrams) — the list improves precision and
 * ranking, it is not needed for recall.
 */
export const DOMAIN_TERMS: readonly string[] = [
  // Certificates and keys
  "证书", "数字证书", "证书链", "根证书", "子证书",
  "吊销", "冻结", "解冻", "补办", "换发", "签发", "有效期", "过期", "到期",
  "私钥", "公钥", "密钥", "密钥对", "口令", "PIN码", "锁定", "解锁", "初始化",
  "驱动", "驱动程序", "读卡器", "介质", "数字签名", "签名", "验签", "加密", "解密", "身份认证",
  "时间戳", "认证机构", "注册机构", "根CA", "子CA",
  "安全中间件", "中间件", "安全应用支持服务器", "密码机", "加密机",
  // Land trading
  "国有建设用地使用权", "建设用地使用权", "土地使用权", "使用权", "所有权", "不动产", "不动产权", "宅基地",
  "出让", "出让公告", "挂牌", "拍卖", "招标", "地块", "宗地", "竞买", "竞买人",
  "保证金", "子账户", "子帐户", "缴纳", "退还", "资格审核", "报价", "起始价", "加价幅度", "底价",
  "限时竞价", "竞价", "成交", "流拍", "成交确认书", "挂牌期", "截止时间", "监管", "交易中心", "交易系统", "网上交易",
  "统一社会信用代码", "营业执照", "法定代表人", "授权委托书", "身份证",
  // Support desk
  "国土资源局", "国土局", "技术支持", "服务台", "客户服务", "工作移交清单", "客户支持档案", "本地服务点", "专家组",
  "故障", "错误代码", "错误码", "应急", "应急预案", "事件等级",
  "升级", "自助诊断", "浏览器", "兼容模式", "系统时间", "时钟", "时差", "网络", "防火墙",
  "白皮书", "技术通报", "常见问题", "技术参考", "处置手册",
];

/**
 * Spellings of one thing that must meet in the index: each pattern (on the
 * NFKC-lower-cased text) also yields the canonical lexeme.
 */
export const ALIASES: readonly { pattern: RegExp; lexeme: string }[] = [
  { pattern: /usb[\s_-]*key|(?<![a-z])u[\s_-]?key(?![a-z])|u盾/g, lexeme: "usbkey" },
  { pattern: /(?<![a-z])pkcs\s*#?\s*11(?![0-9])/g, lexeme: "pkcs11" },
];

/**
 * Function words dropped from queries (not from the index): a question like
 * “如何更换证书” must not require the article to say “如何”.
 */
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set([
  "的", "了", "和", "与", "及", "或", "在", "是", "吗", "呢", "吧", "啊", "把", "被", "对", "从", "为", "请", "我", "你", "他",
  "她", "它", "这", "那", "也", "就", "都", "要", "该", "个", "么", "怎", "啥", "哪", "能", "会", "得", "地", "着", "过",
  "如何", "怎么", "怎样", "怎么办", "什么", "为什么", "哪里", "哪些", "是否", "能否", "可以", "我们", "你们", "请问", "一下",
  "这个", "那个", "如果", "应该", "时候", "问题", "办法", "方法",
  "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "how", "what", "why", "do", "does", "i", "my",
]);

const normalisedTerms = DOMAIN_TERMS.map((t) => t.normalize("NFKC").toLowerCase());

/** Terms by first character, longest first, for matching at a position. */
export const TERMS_BY_FIRST_CHAR: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const t of normalisedTerms) {
    const first = t[0]!;
    const list = m.get(first) ?? [];
    if (!list.includes(t)) list.push(t);
    m.set(first, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.length - a.length);
  return m;
})();

/** Every dictionary term that starts at `i` in `s`, longest first. */
export function termsAt(s: string, i: number): string[] {
  const list = TERMS_BY_FIRST_CHAR.get(s[i] ?? "");
  if (!list) return [];
  return list.filter((t) => s.startsWith(t, i));
}
