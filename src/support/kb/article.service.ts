/**
 * Writing the knowledge base: create, save a new draft version, publish a
 * version, unpublish. Every save is a new immutable version (who, when,
 * note), so the edit history is the version list; publishing points the
 * article at one version. Each change and its audit entry commit together.
 */
import type { Clock } from "../../app/clock.js";
import type { AuditService } from "../../ops/audit.service.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { Repos, Store } from "../../storage/store.js";
import { vectorFor } from "./indexing.js";
import { effective, generatedHeadings } from "./runbook-sync.js";
import type { VersionSummary } from "./kb.ports.js";
import { isSubFault, type Article, type ArticleContent, type ArticleKind, type ArticleVersion, type ArticleView, type FaultCategory, type KbFile } from "./kb.types.js";

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface NewArticle {
  kind: ArticleKind;
  slug?: string | undefined;
  category?: FaultCategory | null | undefined;
  subFault?: string | null | undefined;
  content: ArticleContent;
  note?: string | null | undefined;
  /** Publish version 1 straight away (demo content, catalogue runbooks). */
  publish?: boolean;
}

export interface DraftInput {
  /** The version the author started from; a newer latest version means someone else saved meanwhile. */
  baseVersion: number;
  content: ArticleContent;
  category?: FaultCategory | null | undefined;
  subFault?: string | null | undefined;
  note?: string | null | undefined;
}

export interface EditorView {
  article: Article;
  latest: ArticleVersion;
  published: ArticleVersion | null;
  history: VersionSummary[];
  files: KbFile[];
}

function cleanContent(c: ArticleContent, selfId: string | null): ArticleContent {
  const tags = [...new Set(c.tags.map((t) => t.trim()).filter(Boolean))];
  const related = [...new Set(c.related)];
  if (selfId && related.includes(selfId)) throw new AppError("KB_RELATED_UNKNOWN", { detail: "an article cannot link to itself" });
  const opt = (s: string | null) => (s && s.trim() ? s.trim() : null);
  return {
    ...c,
    title: c.title.trim(),
    titleEn: opt(c.titleEn),
    summary: c.summary.trim(),
    summaryEn: opt(c.summaryEn),
    bodyEn: opt(c.bodyEn),
    tags,
    related,
  };
}

function checkCategory(kind: ArticleKind, category: FaultCategory | null, subFault: string | null): void {
  if (category === "error_code") throw new AppError("KB_MANAGED_FIELD", { detail: "error-code runbooks are generated from the error catalogue" });
  if (!isSubFault(category, subFault)) throw new AppError("VALIDATION_FAILED", { detail: `subFault ${subFault} is not a sub-fault of ${category ?? "(no category)"}` });
  if (kind !== "runbook" && kind !== "faq" && category) {
    // Categories file runbooks and FAQs under the fault taxonomy; other kinds stand alone.
    throw new AppError("VALIDATION_FAILED", { detail: `a ${kind} has no fault category` });
  }
}

async function checkRelated(r: Repos, related: string[]): Promise<void> {
  if (related.length === 0) return;
  const found = new Set(await r.kb.existingIds(related));
  const missing = related.filter((id) => !found.has(id));
  if (missing.length) throw new AppError("KB_RELATED_UNKNOWN", { detail: missing.join(", ") });
}

export class ArticleService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(input: NewArticle, actor: string): Promise<ArticleView> {
    const id = newId();
    const slug = input.slug ?? `${input.kind.replace(/_/g, "-")}-${id.slice(0, 8)}`;
    if (!SLUG_RE.test(slug) || slug.length > 80) throw new AppError("VALIDATION_FAILED", { detail: "slug: lower-case letters, digits and single hyphens, at most 80" });
    // error-<code> addresses belong to the generated runbooks, also for codes added later.
    if (slug.startsWith("error-")) throw new AppError("KB_SLUG_TAKEN", { detail: `${slug}: error-… is reserved for error-code runbooks` });
    const category = input.category ?? null;
    const subFault = input.subFault ?? null;
    checkCategory(input.kind, category, subFault);
    const content = cleanContent(input.content, id);
    const now = this.clock.now();
    const article: Article = {
      id,
      slug,
      kind: input.kind,
      category,
      subFault,
      errorCode: null,
      generated: null,
      sourceHash: null,
      latestVersion: 1,
      publishedVersion: input.publish ? 1 : null,
      publishedAt: input.publish ? now : null,
      publishedBy: input.publish ? actor : null,
      retiredAt: null,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    };
    const version: ArticleVersion = { ...content, articleId: id, version: 1, note: input.note ?? null, author: actor, createdAt: now };
    return this.store.tx(async (r) => {
      if (await r.kb.articleBySlug(slug)) throw new AppError("KB_SLUG_TAKEN", { detail: slug });
      await checkRelated(r, content.related);
      await r.kb.insertArticle(article);
      await r.kb.insertVersion(version, vectorFor(article, content));
      await this.audit.record(r.audit, { actor, action: "kb.article.create", subject: `kb:${slug}`, payload: { id, kind: article.kind, title: content.title, visibility: content.visibility } });
      if (input.publish) {
        await this.audit.record(r.audit, { actor, action: "kb.article.publish", subject: `kb:${slug}`, payload: { id, version: 1, visibility: content.visibility } });
      }
      return { article, version };
    });
  }

  async saveDraft(id: string, input: DraftInput, actor: string): Promise<ArticleView> {
    return this.store.tx(async (r) => {
      const a = await r.kb.articleForUpdate(id);
      if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: id });
      if (input.baseVersion !== a.latestVersion) {
        throw new AppError("KB_VERSION_CONFLICT", { detail: `you edited version ${input.baseVersion}; the latest is ${a.latestVersion}`, extra: { latestVersion: a.latestVersion } });
      }
      let category = input.category === undefined ? a.category : input.category;
      let subFault = input.subFault === undefined ? a.subFault : input.subFault;
      if (a.errorCode) {
        if ((input.category !== undefined && input.category !== a.category) || (input.subFault !== undefined && input.subFault !== a.subFault)) {
          throw new AppError("KB_MANAGED_FIELD", { detail: `the category of ${a.errorCode} is fixed` });
        }
        category = a.category;
        subFault = a.subFault;
      } else {
        checkCategory(a.kind, category, subFault);
      }
      let content = cleanContent(input.content, id);
      // An error-code runbook's headings come from the catalogue; the author edits the rest.
      if (a.generated) content = { ...content, ...generatedHeadings(a.generated) };
      await checkRelated(r, content.related);
      const now = this.clock.now();
      const version: ArticleVersion = { ...content, articleId: id, version: a.latestVersion + 1, note: input.note ?? null, author: actor, createdAt: now };
      const updated: Article = { ...a, category, subFault, latestVersion: version.version, updatedAt: now, updatedBy: actor };
      await r.kb.insertVersion(version, vectorFor(updated, content));
      await r.kb.updateArticle(id, { category, subFault, latestVersion: version.version, updatedAt: now, updatedBy: actor });
      await this.audit.record(r.audit, {
        actor,
        action: "kb.article.save",
        subject: `kb:${a.slug}`,
        payload: { id, version: version.version, title: content.title, visibility: content.visibility, note: version.note },
      });
      return { article: updated, version };
    });
  }

  /** Makes `version` (default: the latest) the one readers see. */
  async publish(id: string, requested: number | undefined, actor: string): Promise<ArticleView> {
    return this.store.tx(async (r) => {
      const a = await r.kb.articleForUpdate(id);
      if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: id });
      const n = requested ?? a.latestVersion;
      const v = await r.kb.version(id, n);
      if (!v) throw new AppError("KB_VERSION_NOT_FOUND", { detail: `${a.slug} v${n}` });
      if (a.publishedVersion === n) throw new AppError("KB_ALREADY_PUBLISHED", { detail: `${a.slug} v${n}` });
      const now = this.clock.now();
      await r.kb.updateArticle(id, { publishedVersion: n, publishedAt: now, publishedBy: actor, updatedAt: now, updatedBy: actor });
      await this.audit.record(r.audit, {
        actor,
        action: "kb.article.publish",
        subject: `kb:${a.slug}`,
        payload: { id, version: n, previous: a.publishedVersion, visibility: v.visibility, title: v.title },
      });
      return { article: { ...a, publishedVersion: n, publishedAt: now, publishedBy: actor, updatedAt: now, updatedBy: actor }, version: v };
    });
  }

  async unpublish(id: string, reason: string, actor: string): Promise<Article> {
    return this.store.tx(async (r) => {
      const a = await r.kb.articleForUpdate(id);
      if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: id });
      if (a.publishedVersion === null) throw new AppError("KB_NOT_PUBLISHED", { detail: a.slug });
      const now = this.clock.now();
      await r.kb.updateArticle(id, { publishedVersion: null, publishedAt: null, publishedBy: null, updatedAt: now, updatedBy: actor });
      await this.audit.record(r.audit, { actor, action: "kb.article.unpublish", subject: `kb:${a.slug}`, payload: { id, version: a.publishedVersion, reason } });
      return { ...a, publishedVersion: null, publishedAt: null, publishedBy: null, updatedAt: now, updatedBy: actor };
    });
  }

  /** Every article at its latest version, drafts, internal and retired ones included. */
  async listForEditor(f: { kind?: ArticleKind | undefined; category?: FaultCategory | undefined; limit: number; offset: number }): Promise<{ items: ArticleView[]; total: number }> {
    const r = await this.store.read.kb.list({ ...f, scope: "latest", visibilities: ["public", "internal"], includeUnpublished: true, includeRetired: true });
    return { items: r.items.map(effective), total: r.total };
  }

  async editorView(id: string): Promise<EditorView> {
    const r = this.store.read;
    const a = await r.kb.article(id);
    if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: id });
    const [latest, published, history, files] = await Promise.all([
      r.kb.version(id, a.latestVersion),
      a.publishedVersion ? r.kb.version(id, a.publishedVersion) : Promise.resolve(undefined),
      r.kb.versions(id),
      r.kb.filesOf([id], true),
    ]);
    const eff = (v: ArticleVersion) => effective({ article: a, version: v }).version;
    return { article: a, latest: eff(latest!), published: published ? eff(published) : null, history, files };
  }

  async version(id: string, n: number): Promise<ArticleView> {
    const a = await this.store.read.kb.article(id);
    if (!a) throw new AppError("KB_ARTICLE_NOT_FOUND", { detail: id });
    const v = await this.store.read.kb.version(id, n);
    if (!v) throw new AppError("KB_VERSION_NOT_FOUND", { detail: `${a.slug} v${n}` });
    return effective({ article: a, version: v });
  }
}
