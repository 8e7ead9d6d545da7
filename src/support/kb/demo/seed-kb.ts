/**
 * Demo knowledge base for `npm start` / `landtrade demo seed`: real articles
 * drawn from the seed (FAQ, bulletins, a white paper, technical references,
 * runbooks for every fault category and sub-fault) and one real download.
 * Idempotent: an article whose slug exists is left as it is (staff edits
 * survive a re-seed).
 *
 * Shipped content is imported like the catalogue runbooks: as published
 * version 1 by "system:demo-seed", recorded in each article's history. It is
 * not written to the audit chain — no person published anything; every
 * later staff edit, publication and upload is audited as usual.
 */
import type { Clock } from "../../../app/clock.js";
import { newId } from "../../../shared/ids.js";
import type { Store } from "../../../storage/store.js";
import type { BlobStore } from "../blob-store.js";
import { vectorFor } from "../indexing.js";
import type { Article, ArticleVersion } from "../kb.types.js";
import { CLIENT_ARTICLES } from "./articles-client.js";
import { DOC_ARTICLES } from "./articles-docs.js";
import { OPS_ARTICLES } from "./articles-ops.js";
import type { DemoArticle } from "./demo-article.js";
import { DRIVER_PACKAGE, driverPackage } from "./driver-package.js";

export const DEMO_KB_ACTOR = "system:demo-seed";

/** In dependency order: every `related` slug appears earlier. */
export const DEMO_ARTICLES: DemoArticle[] = [...OPS_ARTICLES, ...CLIENT_ARTICLES, ...DOC_ARTICLES];

export interface KbSeedResult {
  created: string[];
  existing: string[];
  files: string[];
}

export async function seedKbDemo(deps: { store: Store; blobs: BlobStore; clock: Clock }): Promise<KbSeedResult> {
  const result: KbSeedResult = { created: [], existing: [], files: [] };
  const now = deps.clock.now();
  await deps.store.tx(async (r) => {
    // One lookup and two inserts, not one round trip per article: this runs on every fresh start.
    const ids = await r.kb.idsBySlug(DEMO_ARTICLES.map((d) => d.slug));
    const fresh: { article: Article; version: ArticleVersion; tsvector: string }[] = [];
    for (const d of DEMO_ARTICLES) {
      if (ids.has(d.slug)) {
        result.existing.push(d.slug);
        continue;
      }
      const related = (d.related ?? []).map((slug) => {
        const id = ids.get(slug);
        if (!id) throw new Error(`demo article ${d.slug} links to ${slug}, which is not listed before it`);
        return id;
      });
      const article: Article = {
        id: newId(),
        slug: d.slug,
        kind: d.kind,
        category: d.category ?? null,
        subFault: d.subFault ?? null,
        errorCode: null,
        generated: null,
        sourceHash: null,
        latestVersion: 1,
        publishedVersion: 1,
        publishedAt: now,
        publishedBy: DEMO_KB_ACTOR,
        retiredAt: null,
        createdAt: now,
        createdBy: DEMO_KB_ACTOR,
        updatedAt: now,
        updatedBy: DEMO_KB_ACTOR,
      };
      const version: ArticleVersion = {
        articleId: article.id,
        version: 1,
        title: d.title,
        titleEn: d.titleEn,
        summary: d.summary,
        summaryEn: d.summaryEn ?? null,
        body: d.body,
        bodyEn: d.bodyEn ?? null,
        tags: d.tags,
        visibility: d.visibility,
        related,
        note: "demo content",
        author: DEMO_KB_ACTOR,
        createdAt: now,
      };
      fresh.push({ article, version, tsvector: vectorFor(article, version) });
      ids.set(d.slug, article.id);
      result.created.push(d.slug);
    }
    await r.kb.insertMany(fresh);

    const driverId = ids.get("driver-usbkey-tools")!;
    if ((await r.kb.filesOf([driverId], true)).length === 0) {
      const bytes = driverPackage();
      const { sha256 } = await deps.blobs.put(bytes);
      await r.kb.insertFile({
        id: newId(),
        articleId: driverId,
        ...DRIVER_PACKAGE,
        size: bytes.byteLength,
        sha256,
        uploadedBy: DEMO_KB_ACTOR,
        uploadedAt: now,
        withdrawnAt: null,
        withdrawnBy: null,
      });
      result.files.push(DRIVER_PACKAGE.fileName);
    }
  });
  return result;
}
