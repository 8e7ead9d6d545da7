/** The PKI services as the container wires them and HTTP/CLI use them. */
import type { CaService } from "./ca/ca.service.js";
import type { CrlService } from "./ca/crl.service.js";
import type { PkiEvents } from "./ca/pki-events.js";
import type { RevocationService } from "./ca/revocation.service.js";
import type { KeyStore } from "./keys/key-store.js";
import type { OcspService } from "./ocsp/ocsp.service.js";
import type { TsaService } from "./tsa/tsa.service.js";

export interface PkiServices {
  keys: KeyStore;
  events: PkiEvents;
  ca: CaService;
  crl: CrlService;
  revocation: RevocationService;
  ocsp: OcspService;
  tsa: TsaService;
}
