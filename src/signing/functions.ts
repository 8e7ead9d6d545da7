/**
 * The security service's interface functions and their contract versions.
 * A client (SDK) declares which it will call at login; the answer lists what
 * this server offers, so "interface function not found" (seed §3.2) becomes
 * SEC_FUNCTION_UNKNOWN with the list, never a crash.
 */
export const SECURITY_FUNCTIONS = [
  { name: "functions", version: 1, summary: "List functions and versions; negotiate with a client" },
  { name: "authenticate", version: 1, summary: "Certificate authentication: one-time challenge signed by the token key" },
  { name: "sign", version: 1, summary: "Server-side CMS signature with the bureau's system key" },
  { name: "verify", version: 1, summary: "Verify CMS SignedData (attached/detached) or a raw signature + certificate" },
  { name: "encrypt", version: 1, summary: "CMS digital envelope to recipient certificates (AES/ECDH, RSA-OAEP, SM2+SM4)" },
  { name: "decrypt", version: 1, summary: "Open an envelope with a key the service holds (or an escrowed key under policy)" },
  { name: "validate", version: 1, summary: "Certificate validation: chain, validity, revocation, freshness policy" },
] as const;

export type SecurityFunction = (typeof SECURITY_FUNCTIONS)[number]["name"];
