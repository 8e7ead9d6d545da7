import type { Kysely, Selectable } from "kysely";
import type { ApplicationState, ApplicationType, Channel, IdentityCheck } from "../../ra/application-state.js";
import type { ApplicantRecord, ApplicationRecord, DocumentKind, DocumentRecord, RaRepo, TokenCertRecord, TokenRecord } from "../../ra/ra.ports.js";
import type { TokenKind, TokenState } from "../../ra/token-state.js";
import type { Database } from "../schema.js";
import type { RaApplicantTable, RaApplicationTable, RaDocumentTable, RaTokenCertTable, RaTokenTable } from "../tables/ra.js";

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const date = (v: Date | string) => new Date(v);
const dateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** camelCase patch → snake_case columns (only keys present). */
function columns(patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[snake(k)] = v;
  return out;
}

function toApplicant(r: Selectable<RaApplicantTable>): ApplicantRecord {
  return {
    id: r.id,
    kind: r.kind as ApplicantRecord["kind"],
    name: r.name,
    identityKey: r.identity_key,
    idNumber: r.id_number,
    uscc: r.uscc,
    phone: r.phone,
    email: r.email,
    legalRepName: r.legal_rep_name,
    legalRepIdNumber: r.legal_rep_id_number,
    agentName: r.agent_name,
    agentIdNumber: r.agent_id_number,
    agentPhone: r.agent_phone,
    createdBy: r.created_by,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toDocument(r: Omit<Selectable<RaDocumentTable>, "content">): DocumentRecord {
  return {
    id: r.id,
    applicantId: r.applicant_id,
    applicationId: r.application_id,
    kind: r.kind as DocumentKind,
    fileName: r.file_name,
    mediaType: r.media_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: date(r.uploaded_at),
  };
}

function toApplication(r: Selectable<RaApplicationTable>): ApplicationRecord {
  return {
    id: r.id,
    applicantId: r.applicant_id,
    type: r.type as ApplicationType,
    state: r.state as ApplicationState,
    channel: r.channel as Channel,
    suite: r.suite,
    dual: r.dual,
    tokenKind: r.token_kind as TokenKind | null,
    tokenId: r.token_id,
    targetSerial: r.target_serial,
    revocationReason: r.revocation_reason,
    requestNote: r.request_note,
    submittedBy: r.submitted_by,
    submittedAt: date(r.submitted_at),
    vettedBy: r.vetted_by,
    vettedAt: dateOrNull(r.vetted_at),
    vetNote: r.vet_note,
    identityCheck: r.identity_check as IdentityCheck | null,
    approvedBy: r.approved_by,
    approvedAt: dateOrNull(r.approved_at),
    rejectedBy: r.rejected_by,
    rejectedAt: dateOrNull(r.rejected_at),
    rejectReason: r.reject_reason,
    codeIssuedBy: r.code_issued_by,
    codeIssuedAt: dateOrNull(r.code_issued_at),
    codeExpiresAt: dateOrNull(r.code_expires_at),
    enrolledAt: dateOrNull(r.enrolled_at),
    signSerial: r.sign_serial,
    encSerial: r.enc_serial,
    activatedAt: dateOrNull(r.activated_at),
    completedAt: dateOrNull(r.completed_at),
    updatedAt: date(r.updated_at),
  };
}

function toToken(r: Selectable<RaTokenTable>): TokenRecord {
  return {
    id: r.id,
    serial: r.serial,
    model: r.model,
    kind: r.kind as TokenKind,
    state: r.state as TokenState,
    applicantId: r.applicant_id,
    issuedAt: dateOrNull(r.issued_at),
    note: r.note,
    createdBy: r.created_by,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toTokenCert(r: Selectable<RaTokenCertTable>): TokenCertRecord {
  return {
    serial: r.serial,
    tokenId: r.token_id,
    applicantId: r.applicant_id,
    usage: r.usage as TokenCertRecord["usage"],
    spkiSha256: r.spki_sha256,
    addedAt: date(r.added_at),
  };
}

const DOC_COLUMNS = ["id", "applicant_id", "application_id", "kind", "file_name", "media_type", "size_bytes", "sha256", "uploaded_by", "uploaded_at"] as const;

/** LIKE pattern for a user's search text: % and _ are taken literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function raRepo(db: Kysely<Database>): RaRepo {
  return {
    async insertApplicant(a) {
      await db.insertInto("ra_applicant").values(columns({ ...a }) as never).execute();
    },
    async applicant(id) {
      const r = await db.selectFrom("ra_applicant").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toApplicant(r) : undefined;
    },
    async applicantByIdentity(key) {
      const r = await db.selectFrom("ra_applicant").selectAll().where("identity_key", "=", key).executeTakeFirst();
      return r ? toApplicant(r) : undefined;
    },
    async searchApplicants(q) {
      let query = db.selectFrom("ra_applicant").selectAll();
      if (q.kind) query = query.where("kind", "=", q.kind);
      const text = q.q?.trim();
      if (text) {
        const pat = likePattern(text);
        const upper = text.toUpperCase();
        query = query.where((eb) =>
          eb.or([
            eb("name", "like", pat),
            eb("id_number", "=", upper),
            eb("uscc", "=", upper),
            eb("phone", "=", text),
            eb("email", "=", text.toLowerCase()),
            eb("id", "=", text),
          ]),
        );
      }
      const rows = await query.orderBy("updated_at", "desc").orderBy("id").limit(q.limit).execute();
      return rows.map(toApplicant);
    },
    async countApplicants() {
      const r = await db.selectFrom("ra_applicant").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async insertDocument(d, content) {
      await db
        .insertInto("ra_document")
        .values({ ...columns({ ...d }), content } as never)
        .execute();
    },
    async documents(applicantId) {
      const rows = await db.selectFrom("ra_document").select(DOC_COLUMNS).where("applicant_id", "=", applicantId).orderBy("uploaded_at").orderBy("id").execute();
      return rows.map(toDocument);
    },
    async document(id) {
      const r = await db.selectFrom("ra_document").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? { ...toDocument(r), content: bytes(r.content) } : undefined;
    },

    async insertApplication(a) {
      await db.insertInto("ra_application").values(columns({ ...a }) as never).execute();
    },
    async application(id) {
      const r = await db.selectFrom("ra_application").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toApplication(r) : undefined;
    },
    async applicationForUpdate(id) {
      const r = await db.selectFrom("ra_application").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toApplication(r) : undefined;
    },
    async updateApplication(id, patch) {
      await db
        .updateTable("ra_application")
        .set(columns({ ...patch }) as never)
        .where("id", "=", id)
        .execute();
    },
    async listApplications(q) {
      let query = db.selectFrom("ra_application").selectAll();
      if (q.states?.length) query = query.where("state", "in", q.states);
      if (q.applicantId) query = query.where("applicant_id", "=", q.applicantId);
      const rows = await query.orderBy("submitted_at", "desc").orderBy("id").limit(q.limit).execute();
      return rows.map(toApplication);
    },
    async openApplicationsFor(serial) {
      const rows = await db
        .selectFrom("ra_application")
        .selectAll()
        .where("target_serial", "=", serial)
        .where("state", "not in", ["active", "completed", "rejected"])
        .execute();
      return rows.map(toApplication);
    },
    async countApplications() {
      const r = await db.selectFrom("ra_application").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async insertToken(t) {
      await db.insertInto("ra_token").values(columns({ ...t }) as never).execute();
    },
    async token(id) {
      const r = await db.selectFrom("ra_token").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toToken(r) : undefined;
    },
    async tokenBySerial(serial) {
      const r = await db.selectFrom("ra_token").selectAll().where("serial", "=", serial).executeTakeFirst();
      return r ? toToken(r) : undefined;
    },
    async tokenForUpdate(id) {
      const r = await db.selectFrom("ra_token").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      return r ? toToken(r) : undefined;
    },
    async updateToken(id, patch) {
      await db
        .updateTable("ra_token")
        .set(columns({ ...patch }) as never)
        .where("id", "=", id)
        .execute();
    },
    async listTokens(q) {
      let query = db.selectFrom("ra_token").selectAll();
      if (q.state) query = query.where("state", "=", q.state);
      if (q.applicantId) query = query.where("applicant_id", "=", q.applicantId);
      const text = q.q?.trim();
      if (text) query = query.where((eb) => eb.or([eb("serial", "like", likePattern(text)), eb("model", "like", likePattern(text))]));
      const rows = await query.orderBy("updated_at", "desc").orderBy("serial").limit(q.limit).execute();
      return rows.map(toToken);
    },
    async countTokens() {
      const r = await db.selectFrom("ra_token").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async addTokenCert(c) {
      await db.insertInto("ra_token_cert").values(columns({ ...c }) as never).execute();
    },
    async tokenCerts(tokenId) {
      const rows = await db.selectFrom("ra_token_cert").selectAll().where("token_id", "=", tokenId).orderBy("added_at").execute();
      return rows.map(toTokenCert);
    },
    async tokenCert(serial) {
      const r = await db.selectFrom("ra_token_cert").selectAll().where("serial", "=", serial).executeTakeFirst();
      return r ? toTokenCert(r) : undefined;
    },
    async expiringUnnoticed(from, until, limit) {
      const rows = await db
        .selectFrom("pki_certificate as c")
        .leftJoin("ra_expiry_notice as n", "n.serial", "c.serial")
        .select(["c.serial", "c.profile", "c.subject", "c.not_after", "c.holder"])
        .where("c.status", "=", "issued")
        .where("c.holder", "is not", null)
        .where("c.not_after", ">", from)
        .where("c.not_after", "<=", until)
        .where("n.serial", "is", null)
        .orderBy("c.not_after")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ serial: r.serial, profile: r.profile, subject: r.subject, notAfter: date(r.not_after), holder: r.holder! }));
    },
    async insertExpiryNotice(n) {
      await db.insertInto("ra_expiry_notice").values({ serial: n.serial, not_after: n.notAfter, recipients: JSON.stringify(n.recipients), notified_at: n.notifiedAt }).execute();
    },
    async tokenCertsBySpki(h) {
      const rows = await db.selectFrom("ra_token_cert").selectAll().where("spki_sha256", "=", h).execute();
      return rows.map(toTokenCert);
    },
  };
}

