/**
 * Applicants (individuals and enterprises) and their document scans. The
 * resident ID number and the unified social credit code are checked here
 * (GB 11643 / GB 32100) so every way in — HTTP, CLI, demo data — gets the
 * same coded errors. Each change and its audit entry share a transaction.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import { AppError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import type { Store } from "../storage/store.js";
import { applicantInput, type ApplicantInput } from "./applicant.schema.js";
import { checkScan, cleanFileName } from "./documents.js";
import type { ApplicantQuery, ApplicantRecord, DocumentKind, DocumentRecord } from "./ra.ports.js";
import { checkResidentId, maskResidentId } from "./validate/resident-id.js";
import { checkUscc } from "./validate/uscc.js";

export class ApplicantService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Validates and normalises input into a record (not stored). */
  build(raw: ApplicantInput, actor: string): ApplicantRecord {
    const parsed = applicantInput.safeParse(raw);
    if (!parsed.success) throw new AppError("VALIDATION_FAILED", { detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    const input = parsed.data;
    const now = this.clock.now();
    const idOf = (v: string, field: string) => {
      const r = checkResidentId(v, now);
      if (!r.ok) throw new AppError("RA_RESIDENT_ID_INVALID", { detail: `${field}: ${r.problem}` });
      return r.normalized;
    };
    const base = { id: newId(), name: input.name, phone: input.phone, email: input.email, createdBy: actor, createdAt: now, updatedAt: now };
    if (input.kind === "individual") {
      const idNumber = idOf(input.idNumber, "idNumber");
      return {
        ...base,
        kind: "individual",
        identityKey: `individual:${idNumber}`,
        idNumber,
        uscc: null,
        legalRepName: null,
        legalRepIdNumber: null,
        agentName: null,
        agentIdNumber: null,
        agentPhone: null,
      };
    }
    const u = checkUscc(input.uscc);
    if (!u.ok) throw new AppError("RA_USCC_INVALID", { detail: `uscc: ${u.problem}` });
    return {
      ...base,
      kind: "enterprise",
      identityKey: `enterprise:${u.normalized}`,
      idNumber: null,
      uscc: u.normalized,
      legalRepName: input.legalRepName,
      legalRepIdNumber: input.legalRepIdNumber ? idOf(input.legalRepIdNumber, "legalRepIdNumber") : null,
      agentName: input.agentName,
      agentIdNumber: idOf(input.agentIdNumber, "agentIdNumber"),
      agentPhone: input.agentPhone,
    };
  }

  async register(raw: ApplicantInput, actor: string): Promise<ApplicantRecord> {
    const a = this.build(raw, actor);
    return this.store.tx(async (r) => {
      if (await r.ra.applicantByIdentity(a.identityKey)) throw new AppError("RA_APPLICANT_EXISTS", { detail: a.kind === "individual" ? maskResidentId(a.idNumber!) : a.uscc! });
      await r.ra.insertApplicant(a);
      await this.audit.record(r.audit, {
        actor,
        action: "ra.applicant.register",
        subject: `applicant:${a.id}`,
        payload: { kind: a.kind, name: a.name, idNumber: a.idNumber ? maskResidentId(a.idNumber) : null, uscc: a.uscc },
      });
      return a;
    });
  }

  async get(id: string): Promise<ApplicantRecord> {
    const a = await this.store.read.ra.applicant(id);
    if (!a) throw new AppError("RA_APPLICANT_NOT_FOUND", { detail: id });
    return a;
  }

  search(q: ApplicantQuery): Promise<ApplicantRecord[]> {
    return this.store.read.ra.searchApplicants(q);
  }

  documents(applicantId: string): Promise<DocumentRecord[]> {
    return this.store.read.ra.documents(applicantId);
  }

  async uploadDocument(
    applicantId: string,
    input: { kind: DocumentKind; fileName: string; mediaType: string; content: Uint8Array; applicationId?: string | null },
    actor: string,
  ): Promise<DocumentRecord> {
    const mediaType = checkScan(input.content, input.mediaType);
    const now = this.clock.now();
    const doc: DocumentRecord = {
      id: newId(),
      applicantId,
      applicationId: input.applicationId ?? null,
      kind: input.kind,
      fileName: cleanFileName(input.fileName),
      mediaType,
      sizeBytes: input.content.length,
      sha256: createHash("sha256").update(input.content).digest("hex"),
      uploadedBy: actor,
      uploadedAt: now,
    };
    return this.store.tx(async (r) => {
      if (!(await r.ra.applicant(applicantId))) throw new AppError("RA_APPLICANT_NOT_FOUND", { detail: applicantId });
      if (doc.applicationId) {
        const app = await r.ra.application(doc.applicationId);
        if (!app || app.applicantId !== applicantId) throw new AppError("RA_APPLICATION_NOT_FOUND", { detail: doc.applicationId });
      }
      await r.ra.insertDocument(doc, input.content);
      await this.audit.record(r.audit, {
        actor,
        action: "ra.document.upload",
        subject: `applicant:${applicantId}`,
        payload: { document: doc.id, kind: doc.kind, mediaType, sizeBytes: doc.sizeBytes, sha256: doc.sha256, application: doc.applicationId },
      });
      return doc;
    });
  }

  /** A scan's bytes, re-hashed on the way out: a changed row is an integrity error, not a silent swap. */
  async documentContent(id: string): Promise<DocumentRecord & { content: Uint8Array }> {
    const d = await this.store.read.ra.document(id);
    if (!d) throw new AppError("RA_DOCUMENT_NOT_FOUND", { detail: id });
    const h = createHash("sha256").update(d.content).digest("hex");
    if (h !== d.sha256) throw new AppError("RA_DOCUMENT_INTEGRITY", { detail: id });
    return d;
  }
}
