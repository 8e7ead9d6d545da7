/**
 * Offline receipt check with the SDK (Node): verifies a CMS SignedData the
 * security service signed (attached, or detached with the document) and
 * checks its signer chain against the bureau's CA certificates.
 *
 *   landtrade ca export --suite ecdsa-p256 --out trust.pem   # or GET /api/security/trust
 *   npx tsx sdk/examples/verify-receipt.ts receipt.p7s trust.pem [document]
 */
import { readFileSync } from "node:fs";
import { nodeGm } from "../../src/pki/algs/gm-node.js";
import { checkChain, isSdkError, pemBlocks, verifyCms } from "../src/index.js";

const [cmsFile, trustFile, docFile] = process.argv.slice(2);
if (!cmsFile || !trustFile) {
  process.stderr.write("usage: verify-receipt.ts RECEIPT.p7s TRUST.pem [DOCUMENT]\n");
  process.exit(2);
}
try {
  const v = await verifyCms(new Uint8Array(readFileSync(cmsFile)), { gm: nodeGm, ...(docFile ? { content: new Uint8Array(readFileSync(docFile)) } : {}) });
  const anchors = pemBlocks(readFileSync(trustFile, "utf8"));
  // The chain is checked at the signing time the receipt claims (the service always sets one).
  if (!v.signingTime) throw new Error("the receipt carries no signing time");
  const chain = await checkChain(v.signer.der, v.certificates, anchors, v.signingTime, nodeGm);
  process.stdout.write(`signature OK by ${v.signer.subject}\nsigned at ${v.signingTime.toISOString()}${v.hasTimestamp ? " (timestamp attached)" : ""}\nchain: ${chain.map((c) => c.subject).join(" → ")}\n`);
} catch (e) {
  // Every failure is a coded SdkError with a Chinese and an English message from the one catalogue.
  if (isSdkError(e)) {
    process.stderr.write(`${e.code}: ${e.message}${e.detail ? ` (${e.detail})` : ""}\n`);
    process.exit(1);
  }
  throw e;
}
