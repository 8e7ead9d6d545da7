/**
 * The article body format: a small Markdown subset rendered to React
 * elements (never to HTML strings, so article text cannot inject markup).
 * Blocks: # / ## / ### headings, paragraphs, - and 1. lists, ``` code
 * blocks, > quotes. Inline: **bold**, `code`, [text](link) where the link
 * is a site path (/help/…) or http(s).
 */
import type { ReactNode } from "react";
import { Link } from "../router.tsx";

type Block =
  | { kind: "h"; level: 2 | 3 | 4; text: string }
  | { kind: "p"; text: string }
  | { kind: "ul" | "ol"; items: string[] }
  | { kind: "code"; text: string }
  | { kind: "quote"; text: string };

export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: "p", text: para.join("\n") });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.startsWith("```")) code.push(lines[i]!);
      out.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push({ kind: "h", level: (h[1]!.length + 1) as 2 | 3 | 4, text: h[2]! });
      continue;
    }
    const li = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    if (li) {
      flush();
      const kind = li[1] ? "ul" : "ol";
      const last = out[out.length - 1];
      if (last && last.kind === kind) last.items.push(li[3]!);
      else out.push({ kind, items: [li[3]!] });
      continue;
    }
    if (line.startsWith(">")) {
      flush();
      out.push({ kind: "quote", text: line.replace(/^>\s?/, "") });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    para.push(line);
  }
  flush();
  return out;
}

const INLINE = /(\*\*[^*]+\*\*)|(`[^`]+`)|(\[[^\]]+\]\([^)\s]+\))/g;

function safeHref(href: string): string | null {
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  if (/^https?:\/\//i.test(href)) return href;
  return null;
}

export function renderInline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let k = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    if (m[1]) out.push(<strong key={k++}>{t.slice(2, -2)}</strong>);
    else if (m[2]) out.push(<code key={k++}>{t.slice(1, -1)}</code>);
    else {
      const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t)!;
      const href = safeHref(lm[2]!);
      if (!href) out.push(lm[1]);
      else if (href.startsWith("/")) {
        out.push(
          <Link key={k++} to={href}>
            {lm[1]}
          </Link>,
        );
      } else {
        out.push(
          <a key={k++} href={href} rel="noopener noreferrer nofollow" target="_blank">
            {lm[1]}
          </a>,
        );
      }
    }
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <div className="kb-body" data-testid={testId}>
      {parseBlocks(source).map((b, i) => {
        switch (b.kind) {
          case "h":
            return b.level === 2 ? <h2 key={i}>{renderInline(b.text)}</h2> : b.level === 3 ? <h3 key={i}>{renderInline(b.text)}</h3> : <h4 key={i}>{renderInline(b.text)}</h4>;
          case "p":
            return <p key={i}>{renderInline(b.text)}</p>;
          case "ul":
            return (
              <ul key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{renderInline(it)}</li>
                ))}
              </ul>
            );
          case "ol":
            return (
              <ol key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{renderInline(it)}</li>
                ))}
              </ol>
            );
          case "code":
            return (
              <pre key={i}>
                <code>{b.text}</code>
              </pre>
            );
          case "quote":
            return <blockquote key={i}>{renderInline(b.text)}</blockquote>;
        }
      })}
    </div>
  );
}
