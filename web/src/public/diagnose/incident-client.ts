/**
 * Client for the support desk's public incident endpoint (built on the
 * support branch): POST /api/public/incidents with the diagnosis attached.
 * Until that route exists the server answers NOT_FOUND, which the page shows
 * as "online reporting not available" rather than an error.
 */
import { ApiError, post } from "../../api/client.ts";
import type { DiagnosisReport } from "./report.ts";

export interface IncidentRequest {
  reporter: { name: string; phone?: string; email?: string; certificateSerial?: string };
  category: "client";
  subFault?: string;
  description: string;
  diagnosis: DiagnosisReport;
}

export interface IncidentCreated {
  incidentNo: string;
  trackingToken: string;
}

export type IncidentOutcome = { kind: "created"; incident: IncidentCreated } | { kind: "unavailable" };

export async function reportIncident(req: IncidentRequest): Promise<IncidentOutcome> {
  try {
    return { kind: "created", incident: await post<IncidentCreated>("/api/public/incidents", req, { quiet401: true }) };
  } catch (e) {
    if (e instanceof ApiError && e.problem.code === "NOT_FOUND" && e.problem.status === 404) return { kind: "unavailable" };
    throw e;
  }
}
