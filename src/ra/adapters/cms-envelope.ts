/**
 * EnvelopePort over the security module's CMS envelopes (src/pki/asn1/
 * cms-enveloped.ts): P-256 → AuthEnvelopedData (ECDH + AES-256-GCM), SM2 →
 * GM/T 0010 envelopedData (SM2 + SM4). Key delivery mode: the recipient is
 * the holder's signing certificate (GM/T 0034).
 */
import { nodeGm } from "../../pki/algs/gm-node.js";
import { encryptEnvelope } from "../../pki/asn1/cms-enveloped.js";
import type { EnvelopePort } from "../external.ports.js";

export const cmsEnvelope: EnvelopePort = {
  async envelop(content, recipientCertDer) {
    return (await encryptEnvelope(content, [recipientCertDer], { gm: nodeGm, keyDelivery: true })).der;
  },
};
