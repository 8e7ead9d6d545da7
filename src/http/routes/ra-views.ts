/** Response shapes of the RA and portal APIs (zod → OpenAPI) and the record → view mappers. */
import { z } from "zod";
import type { Role } from "../../auth/roles.js";
import type { CertRecord } from "../../pki/ca/pki.ports.js";
import { APPLICATION_STATES, APPLICATION_TYPES, type Actor } from "../../ra/application-state.js";
import type { ApplicantRecord, ApplicationRecord, DocumentRecord, TokenCertRecord, TokenRecord } from "../../ra/ra.ports.js";
import { TOKEN_STATES } from "../../ra/token-state.js";
import { maskResidentId } from "../../ra/validate/resident-id.js";
import type { RecoveryRecord } from "../../ra/km/km.ports.js";
import { currentSession } from "../auth-plugin.js";
import type { FastifyRequest } from "fastify";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** The staff member as an RA actor (dual control compares these ids). */
export function raActor(req: FastifyRequest): Actor {
  const s = currentSession(req);
  return { id: `staff:${s.user.username}`, roles: s.user.roles as Role[] };
}

export const applicantView = z.object({
  id: z.string(),
  kind: z.enum(["individual", "enterprise"]),
  name: z.string(),
  idNumber: z.string().nullable().describe("masked: first 6 and last 4 characters"),
  uscc: z.string().nullable(),
  phone: z.string(),
  email: z.string(),
  legalRepName: z.string().nullable(),
  agentName: z.string().nullable(),
  agentIdNumber: z.string().nullable().describe("masked"),
  agentPhone: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const showApplicant = (a: ApplicantRecord) => ({
  id: a.id,
  kind: a.kind,
  name: a.name,
  idNumber: a.idNumber ? maskResidentId(a.idNumber) : null,
  uscc: a.uscc,
  phone: a.phone,
  email: a.email,
  legalRepName: a.legalRepName,
  agentName: a.agentName,
  agentIdNumber: a.agentIdNumber ? maskResidentId(a.agentIdNumber) : null,
  agentPhone: a.agentPhone,
  createdBy: a.createdBy,
  createdAt: a.createdAt.toISOString(),
});

export const documentView = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  applicationId: z.string().nullable(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const showDocument = (d: DocumentRecord) => ({
  id: d.id,
  kind: d.kind,
  fileName: d.fileName,
  mediaType: d.mediaType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  applicationId: d.applicationId,
  uploadedBy: d.uploadedBy,
  uploadedAt: d.uploadedAt.toISOString(),
});

export const applicationView = z.object({
  id: z.string(),
  applicantId: z.string(),
  applicantName: z.string().optional(),
  type: z.enum(APPLICATION_TYPES),
  state: z.enum(APPLICATION_STATES),
  channel: z.string(),
  suite: z.string(),
  dual: z.boolean(),
  tokenKind: z.string().nullable(),
  tokenId: z.string().nullable(),
  targetSerial: z.string().nullable(),
  revocationReason: z.number().nullable(),
  requestNote: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  vettedBy: z.string().nullable(),
  vettedAt: z.string().nullable(),
  vetNote: z.string().nullable(),
  identityCheck: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  rejectedBy: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  codeIssuedAt: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  signSerial: z.string().nullable(),
  encSerial: z.string().nullable(),
  activatedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  updatedAt: z.string(),
  next: z.array(z.string()).describe("steps the rules may allow next"),
});

export const showApplication = (a: ApplicationRecord, next: string[], applicantName?: string) => ({
  id: a.id,
  applicantId: a.applicantId,
  ...(applicantName ? { applicantName } : {}),
  type: a.type,
  state: a.state,
  channel: a.channel,
  suite: a.suite,
  dual: a.dual,
  tokenKind: a.tokenKind,
  tokenId: a.tokenId,
  targetSerial: a.targetSerial,
  revocationReason: a.revocationReason,
  requestNote: a.requestNote,
  submittedBy: a.submittedBy,
  submittedAt: a.submittedAt.toISOString(),
  vettedBy: a.vettedBy,
  vettedAt: iso(a.vettedAt),
  vetNote: a.vetNote,
  identityCheck: a.identityCheck,
  approvedBy: a.approvedBy,
  approvedAt: iso(a.approvedAt),
  rejectedBy: a.rejectedBy,
  rejectedAt: iso(a.rejectedAt),
  rejectReason: a.rejectReason,
  codeIssuedAt: iso(a.codeIssuedAt),
  codeExpiresAt: iso(a.codeExpiresAt),
  enrolledAt: iso(a.enrolledAt),
  signSerial: a.signSerial,
  encSerial: a.encSerial,
  activatedAt: iso(a.activatedAt),
  completedAt: iso(a.completedAt),
  updatedAt: a.updatedAt.toISOString(),
  next,
});

export const tokenView = z.object({
  id: z.string(),
  serial: z.string(),
  model: z.string(),
  kind: z.string(),
  state: z.enum(TOKEN_STATES),
  applicantId: z.string().nullable(),
  issuedAt: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  certificates: z.array(z.object({ serial: z.string(), usage: z.string(), status: z.string().optional() })).optional(),
});

export const showToken = (t: TokenRecord, certs?: (TokenCertRecord & { status?: string })[]) => ({
  id: t.id,
  serial: t.serial,
  model: t.model,
  kind: t.kind,
  state: t.state,
  applicantId: t.applicantId,
  issuedAt: iso(t.issuedAt),
  note: t.note,
  updatedAt: t.updatedAt.toISOString(),
  ...(certs ? { certificates: certs.map((c) => ({ serial: c.serial, usage: c.usage, ...(c.status ? { status: c.status } : {}) })) } : {}),
});

export const certView = z.object({
  serial: z.string(),
  caId: z.string(),
  profile: z.string(),
  suite: z.string(),
  subject: z.string(),
  status: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.number().nullable(),
  holder: z.string().nullable(),
  certificate: z.string().nullable().describe("DER, base64"),
});

export const showCert = (c: CertRecord) => ({
  serial: c.serial,
  caId: c.caId,
  profile: c.profile,
  suite: c.suite,
  subject: c.subject,
  status: c.status,
  notBefore: c.notBefore.toISOString(),
  notAfter: c.notAfter.toISOString(),
  revokedAt: iso(c.revokedAt),
  revocationReason: c.revocationReason,
  holder: c.holder,
  certificate: c.certDer ? b64(c.certDer) : null,
});

export const recoveryView = z.object({
  id: z.string(),
  escrowId: z.string(),
  kind: z.enum(["holder", "judicial"]),
  state: z.enum(["requested", "approved", "released", "rejected"]),
  reason: z.string(),
  caseRef: z.string().nullable(),
  requestedBy: z.string(),
  approvals: z.array(z.object({ by: z.string(), at: z.string() })),
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const showRecovery = (r: RecoveryRecord) => ({
  id: r.id,
  escrowId: r.escrowId,
  kind: r.kind,
  state: r.state,
  reason: r.reason,
  caseRef: r.caseRef,
  requestedBy: r.requestedBy,
  approvals: r.approvals,
  releasedBy: r.releasedBy,
  releasedAt: iso(r.releasedAt),
  createdAt: r.createdAt.toISOString(),
});

export const deliveryView = z.object({
  encSerial: z.string(),
  encCertificate: z.string().describe("DER, base64"),
  envelope: z.string().nullable().describe("CMS EnvelopedData of the PKCS#8 encryption key to the signing certificate, DER base64"),
});

export const showDelivery = (d: { encSerial: string; encCertDer: Uint8Array; envelopeDer: Uint8Array | null }) => ({
  encSerial: d.encSerial,
  encCertificate: b64(d.encCertDer),
  envelope: d.envelopeDer ? b64(d.envelopeDer) : null,
});
