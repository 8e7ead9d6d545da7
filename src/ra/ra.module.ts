/**
 * Builds the RA's services from what the container has. The ports to other
 * areas (revocation, validation, enrollment grants, envelopes) are passed in,
 * so the container decides whether the real module or an interim adapter
 * serves each.
 */
import type { Clock } from "../app/clock.js";
import type { AuditService } from "../ops/audit.service.js";
import type { Store } from "../storage/store.js";
import type { CaService } from "../pki/ca/ca.service.js";
import type { KeyStore } from "../pki/keys/key-store.js";
import { ApplicantService } from "./applicant.service.js";
import { ApplicationService } from "./application.service.js";
import { RaEnrollmentService } from "./enrollment.service.js";
import type { CertificateValidatorPort, EnrollmentGrantPort, EnvelopePort, RevocationPort } from "./external.ports.js";
import { KmService } from "./km/km.service.js";
import { BidderLoginService } from "./login/bidder-login.service.js";
import { PortalService } from "./portal.service.js";
import { TokenService } from "./token.service.js";

export interface RaPorts {
  revocation: RevocationPort;
  validator: CertificateValidatorPort;
  grants: EnrollmentGrantPort;
  envelope: EnvelopePort | null;
}

export interface RaOptions {
  publicUrl: string;
  sm2UserId: string;
  sessionTtlMinutes: number;
  codeTtlHours: number;
}

export interface RaModule {
  applicants: ApplicantService;
  applications: ApplicationService;
  tokens: TokenService;
  enrollment: RaEnrollmentService;
  km: KmService;
  bidderLogin: BidderLoginService;
  portal: PortalService;
  ports: RaPorts;
}

export function createRa(deps: { store: Store; audit: AuditService; clock: Clock; ca: CaService; keys: KeyStore }, ports: RaPorts, opts: RaOptions): RaModule {
  const { store, audit, clock, ca, keys } = deps;
  const applicants = new ApplicantService(store, audit, clock);
  const applications = new ApplicationService(store, audit, clock, ports.grants, ports.revocation, { codeTtlHours: opts.codeTtlHours });
  const km = new KmService(store, audit, clock, keys, ca, ports.envelope, opts.sm2UserId);
  return {
    applicants,
    applications,
    tokens: new TokenService(store, audit, clock, applications, ports.revocation),
    enrollment: new RaEnrollmentService(store, audit, clock, ca, ports.grants, km, ports.revocation, opts.sm2UserId),
    km,
    bidderLogin: new BidderLoginService(store, audit, clock, ports.validator, { origin: opts.publicUrl, sm2UserId: opts.sm2UserId, sessionTtlMinutes: opts.sessionTtlMinutes }),
    portal: new PortalService(store, audit, clock, applicants, applications),
    ports,
  };
}
