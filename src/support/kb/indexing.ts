/**
 * What goes into an article version's search vector, and the plain text a
 * snippet is cut from. Error-code runbooks index their generated part
 * (code, messages, cause, remedy) with the staff's additions.
 */
import { KIND_LABELS, type Article, type ArticleContent, type GeneratedPart } from "./kb.types.js";
import { buildTsvector, type IndexField } from "./search/tsvector.js";

/** Markdown subset → plain text (for snippets and the index): markup characters out, link text kept. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/gi, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, "")
    .replace(/^>\s?/gm, "")
    .replace(/\*\*|__|`/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
}

export function generatedText(g: GeneratedPart, lang: "zh" | "en"): string {
  const lines = [`${g.code} (HTTP ${g.status})`, lang === "zh" ? g.zh : g.en];
  if (g.cause) lines.push(lang === "zh" ? `原因：${g.cause.zh}` : `Cause: ${g.cause.en}`);
  if (g.remedy) lines.push(lang === "zh" ? `处理办法：${g.remedy.zh}` : `Remedy: ${g.remedy.en}`);
  return lines.join("\n");
}

/** The searchable body text of a version (zh then en), generated part first. */
export function searchableBody(article: Pick<Article, "generated">, c: Pick<ArticleContent, "body" | "bodyEn">): string {
  const parts: string[] = [];
  if (article.generated) parts.push(generatedText(article.generated, "zh"), generatedText(article.generated, "en"));
  parts.push(plainText(c.body));
  if (c.bodyEn) parts.push(plainText(c.bodyEn));
  return parts.filter(Boolean).join("\n");
}

export function vectorFor(article: Pick<Article, "generated" | "kind" | "errorCode">, c: ArticleContent): string {
  const title = [c.title, c.titleEn ?? "", article.errorCode ?? ""].filter(Boolean).join(" · ");
  const fields: IndexField[] = [
    { text: title, weight: "A" },
    { text: [...c.tags, KIND_LABELS[article.kind].zh, KIND_LABELS[article.kind].en].join(" , "), weight: "B" },
    { text: [c.summary, c.summaryEn ?? ""].filter(Boolean).join("\n"), weight: "C" },
    { text: searchableBody(article, c), weight: "D" },
  ];
  return buildTsvector(fields);
}
