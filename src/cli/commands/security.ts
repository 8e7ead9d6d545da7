/**
 * `landtrade security …`: the security service's own keys. `security init`
 * generates its signing and encryption keys for a suite in the CA's key
 * store, has our sub-CA certify them and registers them with the service
 * (idempotent; `--rotate` replaces them). `security keys` lists them.
 */
import type { Command } from "commander";
import { SUITES } from "../../pki/algs/suite.js";
import { toPem } from "../../pki/asn1/certificate.js";
import { assertSuite } from "../../pki/ca/ca.service.js";
import { keyRefText } from "../../pki/keys/key-store.js";
import { provisionServiceKeys } from "../../signing/provision.js";
import { withContainer } from "../context.js";
import { print, printTable } from "../output.js";

const CLI_ACTOR = "cli:local-admin";

export function securityCommands(program: Command): void {
  const sec = program.command("security").description("the security service (安全应用支持服务): its signing and encryption keys");

  sec
    .command("init")
    .description("generate and certify the service's signing and encryption keys for a suite (run `ca init` for that suite first)")
    .option("--suite <suite>", `algorithm suite: ${SUITES.join(", ")}`, "ecdsa-p256")
    .option("--rotate", "replace keys that already exist", false)
    .action(async (opts: { suite: string; rotate: boolean }) => {
      const suite = assertSuite(opts.suite);
      await withContainer(async (c) => {
        const done = await provisionServiceKeys({ ca: c.pki.ca, keys: c.pki.keys, security: c.security.service }, suite, CLI_ACTOR, { force: opts.rotate });
        for (const k of done) print(`${k.action === "created" ? "created" : "kept   "} ${k.purpose.padEnd(7)} ${suite}  certificate serial ${k.serial}`);
      });
    });

  sec
    .command("keys")
    .description("list the service's keys and certificates (no key material)")
    .option("--pem", "print each certificate as PEM too", false)
    .action(async (opts: { pem: boolean }) => {
      const keys = await withContainer((c) => c.security.service.listServiceKeys());
      if (!keys.length) print("no keys yet: run `landtrade security init --suite <suite>`");
      printTable(keys.map((k) => ({ purpose: k.purpose, suite: k.suite, serial: k.serial, key: keyRefText(k.keyRef) })));
      if (opts.pem) for (const k of keys) print(toPem(k.certDer, "CERTIFICATE"));
    });
}
