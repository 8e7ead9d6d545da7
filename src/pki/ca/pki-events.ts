/**
 * In-process notifications between PKI services on one node: the OCSP
 * responder drops cached answers when a certificate's status changes here.
 * Other nodes notice through the CRL number (see ocsp.service.ts); these
 * events are an optimisation, never the source of truth.
 */
export interface StatusChange {
  serial: string;
  caId: string;
  /** The CRL issued in the same transaction. */
  crlNumber: number;
}

export class PkiEvents {
  private readonly statusListeners: ((c: StatusChange) => void)[] = [];
  private readonly crlListeners: ((caId: string, crlNumber: number) => void)[] = [];

  onStatusChange(fn: (c: StatusChange) => void): void {
    this.statusListeners.push(fn);
  }

  onCrlIssued(fn: (caId: string, crlNumber: number) => void): void {
    this.crlListeners.push(fn);
  }

  statusChanged(c: StatusChange): void {
    for (const fn of this.statusListeners) fn(c);
  }

  crlIssued(caId: string, crlNumber: number): void {
    for (const fn of this.crlListeners) fn(caId, crlNumber);
  }
}
