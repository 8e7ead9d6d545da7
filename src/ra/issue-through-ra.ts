/**
 * Takes one certificate through the whole RA process for an applicant whose
 * scans are on file — submit, vet (operator), approve (a different auditor),
 * enrollment code, enrollment of a key held here, activation — for demo data
 * and test fixtures. The same services and rules as the desk; the key is a
 * software key the caller keeps.
 */
import type { SuiteId } from "../pki/algs/suite.js";
import { buildCsr } from "../pki/asn1/csr-builder.js";
import type { Actor } from "./application-state.js";
import { activationMessage } from "./enrollment.service.js";
import { generateSoftKey, type SoftKey } from "./km/key-pair.js";
import type { RaModule } from "./ra.module.js";

export interface IssuedThroughRa {
  applicationId: string;
  serial: string;
  certDer: Uint8Array;
  encSerial: string | null;
  key: SoftKey;
}

export async function issueThroughRa(
  ra: RaModule,
  input: { applicantId: string; suite: SuiteId; dual?: boolean; operator: Actor; auditor: Actor; sm2UserId: string; note?: string },
): Promise<IssuedThroughRa> {
  const app = await ra.applications.submit({ applicantId: input.applicantId, type: "new", suite: input.suite, tokenKind: "soft", ...(input.dual ? { dual: true } : {}) }, input.operator.id, "counter");
  await ra.applications.vet(app.id, { originalsChecked: true, note: input.note ?? "证件原件已当面核对" }, input.operator);
  await ra.applications.approve(app.id, input.auditor);
  const { code } = await ra.applications.issueCode(app.id, {}, input.operator);
  const key = generateSoftKey(input.suite, input.sm2UserId);
  const issued = await ra.enrollment.enroll(app.id, code, await buildCsr([["CN", "soft token"]], key));
  const done = await ra.enrollment.activate(app.id, code, await key.sign(new TextEncoder().encode(activationMessage(app.id, issued.serial))));
  return { applicationId: app.id, serial: issued.serial, certDer: issued.certDer, encSerial: done.application.encSerial, key };
}
