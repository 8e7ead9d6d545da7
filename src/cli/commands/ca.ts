import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { SUITES, type SuiteId } from "../../pki/algs/suite.js";
import { toPem } from "../../pki/asn1/certificate.js";
import { parseCsr } from "../../pki/asn1/csr.js";
import { assertSuite } from "../../pki/ca/ca.service.js";
import { caIdOf } from "../../pki/ca/naming.js";
import { PROFILE_IDS } from "../../pki/ca/profiles.js";
import { REVOCATION_REASON_NAMES } from "../../pki/ca/revocation-reasons.js";
import { assertReason } from "../../pki/ca/revocation.service.js";
import { keyRefText } from "../../pki/keys/key-store.js";
import { AppError } from "../../shared/errors.js";
import type { Container } from "../../app/container.js";
import { withContainer } from "../context.js";
import { print, printTable } from "../output.js";

const CLI_ACTOR = "cli:local-admin";
const day = (d: Date) => d.toISOString().slice(0, 10);

function readInput(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new AppError("CLI_USAGE", { detail: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new AppError("CLI_USAGE", { detail: `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
}

/** The CA that certifies a key by default: SM2 keys by the SM2 CA, others by the ECDSA one (RSA if that is the only one). */
async function defaultSuite(c: Container, keySuite: SuiteId): Promise<SuiteId> {
  if (keySuite === "sm2") return "sm2";
  const ids = new Set((await c.pki.ca.cas()).map((x) => x.id));
  return ids.has(caIdOf("ecdsa-p256", "sub")) || !ids.has(caIdOf("rsa-2048", "sub")) ? "ecdsa-p256" : "rsa-2048";
}

async function listCas(c: Container, json: boolean): Promise<void> {
  const now = c.clock.now().getTime();
  const cas = await c.pki.ca.cas();
  const crls = await c.pki.crl.status();
  if (json) return print(JSON.stringify({ cas: cas.map((x) => ({ ...x, certDer: undefined, keyRef: x.keyRef ? keyRefText(x.keyRef) : null })), crls }));
  if (!cas.length) return print("no CAs yet — run `landtrade ca init --suite ecdsa-p256`");
  printTable(
    cas.map((x) => {
      const crl = crls.find((s) => s.caId === x.id);
      return {
        id: x.id,
        kind: x.kind,
        name: x.name,
        key: x.keyRef ? keyRefText(x.keyRef) : "(external)",
        valid: `${day(x.notBefore)} → ${day(x.notAfter)}`,
        status: x.notAfter.getTime() <= now ? "expired" : x.notBefore.getTime() > now ? "not yet valid" : "active",
        crl: crl?.crlNumber ? `#${crl.crlNumber} (${crl.entries} entries, next ${crl.nextUpdate!.toISOString().slice(0, 16)}Z${crl.stale ? ", STALE" : ""})` : "none",
      };
    }),
  );
  const services = [];
  for (const sub of cas.filter((x) => x.kind === "sub")) {
    for (const purpose of ["ocsp", "tsa"] as const) {
      const k = await c.store.read.pki.serviceKey(purpose, sub.suite);
      const cert = k ? await c.pki.ca.certificate(k.serial) : undefined;
      if (k && cert) services.push({ service: `${purpose} (${sub.suite})`, serial: cert.serial, key: keyRefText(k.keyRef), valid: `${day(cert.notBefore)} → ${day(cert.notAfter)}`, status: cert.status });
    }
  }
  if (services.length) {
    print("");
    printTable(services);
  }
}

export function caCommands(program: Command): void {
  const ca = program.command("ca").description("the certificate authority: hierarchies, issuance, revocation, CRLs");
  const suiteHelp = `algorithm suite: ${SUITES.join(", ")}`;

  ca.command("init")
    .description("create a root CA, the bureau sub-CA, an OCSP signer and a TSA certificate for a suite, and their first CRLs")
    .option("--suite <suite>", suiteHelp, "ecdsa-p256")
    .action(async (opts: { suite: string }) => {
      const suite = assertSuite(opts.suite);
      await withContainer(async (c) => {
        const h = await c.pki.ca.init(suite, CLI_ACTOR);
        const crls = await c.pki.crl.refreshDue(c.clock.now(), CLI_ACTOR, [h.root.id, h.sub.id]);
        print(`created ${suite} hierarchy:`);
        print(`  root CA     ${h.root.id}  ${h.root.name}  key ${keyRefText(h.root.keyRef!)}`);
        print(`  sub-CA      ${h.sub.id}  ${h.sub.name}  key ${keyRefText(h.sub.keyRef!)}`);
        print(`  OCSP signer serial ${h.ocspSerial}`);
        print(`  TSA         serial ${h.tsaSerial}`);
        print(`  CRLs        ${crls.map((x) => `${x.caId} #${x.crlNumber}`).join(", ")}`);
        print(`chain: ${c.pki.ca.urls.caIssuers(h.sub.id)}  OCSP: ${c.pki.ca.urls.ocsp}`);
      });
    });

  ca.command("export")
    .description("write a suite's chain (sub-CA, then root) as PEM")
    .option("--suite <suite>", suiteHelp, "ecdsa-p256")
    .requiredOption("--out <file>", "output file")
    .action(async (opts: { suite: string; out: string }) => {
      const suite = assertSuite(opts.suite);
      const pem = await withContainer((c) => c.pki.ca.chainPem(suite));
      writeOutput(opts.out, pem);
      print(`wrote the ${suite} chain to ${opts.out}`);
    });

  ca.command("list")
    .description("CAs, their keys, validity, status and CRLs; OCSP and TSA certificates")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => withContainer((c) => listCas(c, Boolean(opts.json))));

  ca.command("issue")
    .description("issue a server or system certificate from a PKCS#10 request (PEM or DER)")
    .option("--suite <suite>", `issuing CA's suite (default: sm2 for SM2 keys, else ecdsa-p256)`)
    .requiredOption("--csr <file>", "the certificate request")
    .requiredOption("--profile <profile>", `profile: ${PROFILE_IDS.join(", ")} (admin-issuable: server-tls, ocsp-signer, tsa)`)
    .requiredOption("--out <file>", "where to write the certificate (PEM)")
    .option("--chain", "append the issuer chain to the output")
    .action(async (opts: { suite?: string; csr: string; profile: string; out: string; chain?: boolean }) => {
      const csr = readInput(opts.csr);
      const issued = await withContainer(async (c) => {
        const suite = opts.suite ? assertSuite(opts.suite) : await defaultSuite(c, parseCsr(csr, { sm2Id: c.config.sm2UserId }).suite);
        return c.pki.ca.issue({ suite, csr, profile: opts.profile, actor: CLI_ACTOR, via: "admin" });
      });
      writeOutput(opts.out, [issued.certDer, ...(opts.chain ? issued.chain : [])].map((d) => toPem(d, "CERTIFICATE")).join(""));
      print(`issued ${issued.serial} (${issued.record.subject}, valid until ${issued.record.notAfter.toISOString()}) → ${opts.out}`);
    });

  ca.command("revoke")
    .description("revoke a certificate (reason certificateHold puts it on hold); issues a new CRL")
    .requiredOption("--serial <hex>", "certificate serial (hex)")
    .option("--reason <reason>", `RFC 5280 reason: ${REVOCATION_REASON_NAMES.join(", ")}`, "unspecified")
    .action(async (opts: { serial: string; reason: string }) => {
      const reason = assertReason(opts.reason);
      const r = await withContainer((c) => c.pki.revocation.revoke(opts.serial, reason, CLI_ACTOR));
      print(`${r.serial}: ${r.status} (${r.reason}); CRL #${r.crlNumber} of ${r.caId}`);
    });

  ca.command("hold")
    .description("put a certificate on hold (certificateHold); issues a new CRL")
    .requiredOption("--serial <hex>", "certificate serial (hex)")
    .action(async (opts: { serial: string }) => {
      const r = await withContainer((c) => c.pki.revocation.hold(opts.serial, CLI_ACTOR));
      print(`${r.serial}: on hold; CRL #${r.crlNumber} of ${r.caId}`);
    });

  ca.command("release")
    .description("release a certificate from hold; issues a new CRL")
    .requiredOption("--serial <hex>", "certificate serial (hex)")
    .action(async (opts: { serial: string }) => {
      const r = await withContainer((c) => c.pki.revocation.release(opts.serial, CLI_ACTOR));
      print(`${r.serial}: released (valid again); CRL #${r.crlNumber} of ${r.caId}`);
    });

  ca.command("crl")
    .description("without --suite: re-issue CRLs that are missing or near nextUpdate; with --suite: issue new CRLs for that suite's CAs now")
    .option("--suite <suite>", suiteHelp)
    .option("--out <file>", "also write the sub-CA's current CRL (PEM, label X509 CRL)")
    .action(async (opts: { suite?: string; out?: string }) => {
      const suite = opts.suite ? assertSuite(opts.suite) : undefined;
      await withContainer(async (c) => {
        const issued = suite ? await c.pki.crl.issueNow([caIdOf(suite, "root"), caIdOf(suite, "sub")], CLI_ACTOR) : await c.pki.crl.refreshDue(c.clock.now(), CLI_ACTOR);
        print(issued.length ? `issued ${issued.map((x) => `${x.caId} #${x.crlNumber} (${x.entries} entries)`).join(", ")}` : "all CRLs are current");
        if (opts.out) {
          const cur = await c.pki.crl.current(caIdOf(suite ?? "ecdsa-p256", "sub"));
          writeOutput(opts.out, toPem(cur.der, "X509 CRL"));
          print(`wrote CRL #${cur.crlNumber} of ${cur.caId} to ${opts.out}`);
        }
      });
    });
}
