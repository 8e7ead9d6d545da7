/**
 * Applicant input, shared by the HTTP routes (OpenAPI + validation at the
 * boundary), the CLI, demo data and tests. Shapes only: the ID number and
 * credit code checks (GB 11643 / GB 32100) run in the service and answer
 * with their own codes.
 */
import { z } from "zod";

/** Mainland mobile numbers, or landlines with area code (0731-8xxxxxxx). */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

const name = z.string().trim().min(2).max(100);
const phone = z.string().trim().regex(PHONE_RE, "mobile 1xxxxxxxxxx or landline 0xxx-xxxxxxx");
const email = z.email().max(200).transform((e) => e.toLowerCase());
const idNumber = z.string().trim().min(1).max(30);

export const individualInput = z.object({
  kind: z.literal("individual"),
  name,
  idNumber,
  phone,
  email,
});

export const enterpriseInput = z.object({
  kind: z.literal("enterprise"),
  name,
  uscc: z.string().trim().min(1).max(30),
  phone,
  email,
  legalRepName: name,
  legalRepIdNumber: idNumber.optional(),
  agentName: name,
  agentIdNumber: idNumber,
  agentPhone: phone,
});

export const applicantInput = z.discriminatedUnion("kind", [individualInput, enterpriseInput]);
export type ApplicantInput = z.infer<typeof applicantInput>;
