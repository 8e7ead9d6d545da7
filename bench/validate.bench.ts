/**
 * Certificate path validation (certificate login, security service):
 * validations/s for a certificate of our own CA (chain building, two
 * signature verifications, database revocation status) and of an imported
 * external CA with a cached OCSP answer, against the raw cost measured in the
 * same run — the two signature verifications alone.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { SystemClock } from "../src/app/clock.js";
import { loadConfig } from "../src/app/config.js";
import { createContainer } from "../src/app/container.js";
import { sm2KeyPair, Sm2SigningKey } from "../src/pki/algs/sm2.js";
import type { Signer } from "../src/pki/algs/suite.js";
import { sm2Spki } from "../src/pki/algs/verify.js";
import { buildCsr } from "../src/pki/asn1/csr-builder.js";
import { certInfo } from "../src/pki/validate/cert-info.js";
import { verifyWith } from "../src/pki/validate/verify-any.js";
import { openDatabase } from "../src/storage/db.js";
import { migrateToLatest } from "../src/storage/migrate.js";
import { createScratchPostgres } from "../test/helpers/db.js";
import { memorySigner } from "../test/helpers/node-signer.js";
import { createOpenSslCa } from "../test/helpers/openssl-ca.js";
import { rate, report } from "./report.js";

function sm2Signer(): Signer {
  const kp = sm2KeyPair();
  const k = new Sm2SigningKey(kp.privateKey);
  return { suite: "sm2", spki: sm2Spki(kp.publicKey), sign: async (m) => k.sign(m) };
}

export async function validateBench({ seconds }: { seconds: number }): Promise<void> {
  const ms = seconds * 1000;
  // PGlite in memory, or a scratch database on the PostgreSQL server named by DATABASE_URL.
  const pg = process.env.DATABASE_URL ? await createScratchPostgres(process.env.DATABASE_URL) : undefined;
  const inner = await openDatabase(pg ? { databaseUrl: pg.url } : { pgliteDir: "memory" });
  const dbh = { ...inner, close: async () => (await inner.close(), await pg?.drop()) };
  await migrateToLatest(dbh.db);
  const dbLabel = dbh.kind === "postgres" ? "PostgreSQL" : "PGlite in memory";
  const config = loadConfig({ env: {}, cwd: "/nonexistent", overrides: { dataDir: mkdtempSync(path.join(tmpdir(), "lt-bench-val-")), logLevel: "silent" } });
  const c = await createContainer(config, { clock: new SystemClock(), dbh, log: pino({ level: "silent" }) });
  try {
    for (const suite of ["ecdsa-p256", "sm2"] as const) {
      await c.pki.ca.init(suite, "bench");
      const signer = suite === "sm2" ? sm2Signer() : memorySigner("ecdsa-p256");
      const issued = await c.pki.ca.issue({ suite, csr: await buildCsr([["CN", "x"]], signer), profile: "individual-sign", via: "ra", subject: [["CN", "竞买人"]], actor: "bench" });
      const [sub, root] = issued.chain.map((d) => certInfo(d));
      const leaf = certInfo(issued.certDer);
      const check = await c.validator.validate({ cert: issued.certDer });
      if (!check.ok) throw new Error(`${suite} bench certificate does not validate: ${check.code} ${check.detail}`);
      const raw = await rate(async () => {
        verifyWith(sub!.spki, leaf.sigAlgOid, leaf.tbs, leaf.signature, config.sm2UserId);
        verifyWith(root!.spki, sub!.sigAlgOid, sub!.tbs, sub!.signature, config.sm2UserId);
      }, ms);
      report({ name: `validate.${suite}.raw_two_verifies`, value: raw, unit: "chains/s", note: "the two signature checks alone" });
      const skip = await rate(() => c.validator.validate({ cert: issued.certDer, revocation: "skip" }), ms);
      report({ name: `validate.${suite}.own_ca_no_revocation`, value: skip, unit: "validations/s", baseline: raw });
      for (const conc of [1, 8]) {
        const full = await rate(() => c.validator.validate({ cert: issued.certDer }), ms, conc);
        report({ name: `validate.${suite}.own_ca_db_status.c${conc}`, value: full, unit: "validations/s", baseline: raw, note: `database revocation status (${dbLabel})` });
      }
    }

    const ext = await createOpenSslCa();
    try {
      const leafPem = ext.issueLeaf("bench");
      ext.gencrl();
      await ext.startOcsp();
      await c.externalCas.import(ext.caPem, { actor: "bench" });
      const first = await c.validator.validate({ cert: leafPem });
      if (!first.ok) throw new Error(`external bench leaf does not validate: ${first.code} ${first.detail}`);
      const l = certInfo(leafPem);
      const ca = certInfo(ext.caPem);
      const raw = await rate(async () => verifyWith(ca.spki, l.sigAlgOid, l.tbs, l.signature, config.sm2UserId), ms);
      report({ name: "validate.external.raw_one_verify", value: raw, unit: "chains/s", note: "RSA-2048 signature check alone" });
      const cached = await rate(() => c.validator.validate({ cert: leafPem }), ms, 8);
      report({ name: "validate.external.ocsp_cached.c8", value: cached, unit: "validations/s", baseline: raw, note: `OCSP fetches during the run: ${c.revocationChecker.stats.ocspFetches}` });
    } finally {
      await ext.close();
    }
  } finally {
    await c.close();
    await dbh.close();
  }
}
