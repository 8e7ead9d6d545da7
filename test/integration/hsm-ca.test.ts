/**
 * The CA on a PKCS#11 HSM (SoftHSM2), and a bidder's USB key (another
 * SoftHSM2 token) enrolling over EST: the CA keys are generated and used in
 * the HSM only; OpenSSL verifies what the HSM-backed CA issues; the token's
 * certificate validates; and neither the PIN nor any private key material
 * appears in a database row or a log line.
 */
import { writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/app/clock.js";
import { loadConfig } from "../../src/app/config.js";
import { createContainer, type Container } from "../../src/app/container.js";
import { buildApp, type LandtradeApp } from "../../src/http/build-app.js";
import { toPem } from "../../src/pki/asn1/certificate.js";
import { estCaCerts, estSimpleEnroll, estSimpleReenroll } from "../../src/pki/est/est-client.js";
import { Pkcs11Token } from "../../src/pki/token/pkcs11-token.js";
import { AppError } from "../../src/shared/errors.js";
import type { DbHandle } from "../../src/storage/db.js";
import { testDatabase } from "../helpers/db.js";
import { scratch } from "../helpers/shell.js";
import { SOFTHSM_MODULE, SOFTHSM_SKIP_REASON, softhsm, softhsmAvailable } from "../helpers/softhsm.js";

const CA_PIN = "ca-hsm-pin-5521";
const USER_PIN = "778899";
/** PKCS#8 PrivateKeyInfo of a P-256 key starts with these bytes (version 0, id-ecPublicKey, prime256v1). */
const PKCS8_P256_PREFIX = "020100301306072a8648ce3d020106082a8648ce3d030107";
/** SEC 1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32) … } */
const SEC1_PREFIX = "020101042";

describe.skipIf(!softhsmAvailable)("CA keys in a PKCS#11 HSM, bidder keys on a PKCS#11 token", { timeout: 180_000 }, () => {
  const x = scratch("lt-hsmca-");
  const logLines: string[] = [];
  let c: Container;
  let app: LandtradeApp;
  let dbh: DbHandle;
  let base: string;
  let attime: string;
  let grantCode = "(not issued)";

  beforeAll(async () => {
    const hsm = softhsm();
    hsm.initToken("lt-ca-hsm", CA_PIN);
    hsm.initToken("bidder-usbkey", USER_PIN);
    dbh = await testDatabase();
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    });
    const log = pino({ level: "trace" }, sink);
    const config = loadConfig({
      env: {},
      cwd: "/nonexistent",
      overrides: { dataDir: x.file("data"), keyStore: "pkcs11", pkcs11Module: SOFTHSM_MODULE, pkcs11TokenLabel: "lt-ca-hsm", pkcs11Pin: CA_PIN, logLevel: "trace" },
    });
    c = await createContainer(config, { clock: new FakeClock("2026-03-02T01:00:00.000Z"), dbh, log });
    app = await buildApp({ ...c, webDir: undefined }, { logger: log });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    attime = String(Math.floor(c.clock.now().getTime() / 1000) + 3600);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await c?.close();
    await dbh?.close();
  });

  it("sets up the ECDSA hierarchy with every key generated in the HSM; SM2 is refused with nothing stored", async () => {
    const h = await c.pki.ca.init("ecdsa-p256", "staff:ra-admin");
    expect(h.root.keyRef).toMatchObject({ store: "pkcs11", suite: "ecdsa-p256" });
    const onToken = await c.pki.keys.list();
    expect(onToken.map((k) => k.id).sort()).toEqual(expect.arrayContaining([h.root.keyRef!.id, h.sub.keyRef!.id]));
    expect(onToken).toHaveLength(4); // root, sub-CA, OCSP signer, TSA

    const sm2 = await c.pki.ca.init("sm2", "staff:ra-admin").then(
      () => "no error",
      (e: AppError) => e.code,
    );
    expect(sm2).toBe("PKI_ALG_NOT_ON_TOKEN");
    expect((await c.pki.ca.cas()).map((a) => a.id).sort()).toEqual(["ecdsa-p256-root", "ecdsa-p256-sub"]);
  });

  it("issues from an OpenSSL request with the HSM key; OpenSSL verifies the chain; concurrent issuance is correct", async () => {
    const [sub, root] = (await c.pki.ca.chain("ecdsa-p256")).map((d) => toPem(d, "CERTIFICATE"));
    x.sh(`printf '%s' '${root}' > root.pem && printf '%s' '${sub}' > sub.pem`);
    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -subj '/CN=trade.example.cn' -addext 'subjectAltName=DNS:trade.example.cn' -out srv.csr 2>/dev/null`);
    const issued = await c.pki.ca.issue({ suite: "ecdsa-p256", csr: x.read("srv.csr"), profile: "server-tls", via: "admin", actor: "staff:ops" });
    x.sh(`printf '%s' '${toPem(issued.certDer, "CERTIFICATE")}' > srv.pem`);
    x.sh(`openssl verify -attime ${attime} -purpose sslserver -CAfile root.pem -untrusted sub.pem srv.pem > v.txt`);
    expect(x.read("v.txt")).toContain("srv.pem: OK");

    // Thirty issuances at once share the HSM session pool; every certificate verifies.
    x.sh(`for i in $(seq 0 29); do openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k$i.key -subj "/CN=h$i.example.cn" -addext "subjectAltName=DNS:h$i.example.cn" -out k$i.csr 2>/dev/null; done`);
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => c.pki.ca.issue({ suite: "ecdsa-p256", csr: x.read(`k${i}.csr`), profile: "server-tls", via: "admin", actor: "staff:ops" })));
    many.forEach((m, i) => writeFileSync(x.file(`m${i}.pem`), toPem(m.certDer, "CERTIFICATE")));
    x.sh(`openssl verify -attime ${attime} -CAfile root.pem -untrusted sub.pem ${many.map((_, i) => `m${i}.pem`).join(" ")} > many.txt`);
    expect(x.read("many.txt").match(/m\d+\.pem: OK/g)).toHaveLength(30);
    expect(new Set(many.map((m) => m.serial)).size).toBe(30);
  });

  it("a bidder's USB key enrolls over EST: key made in the token, certificate stored back, signs, validates", async () => {
    const grant = await c.enrollment.grant({ id: "APP-HSM-1", suite: "ecdsa-p256", profile: "individual-sign", subject: [["C", "CN"], ["CN", "钱多多"]], holder: "bidder:qian", actor: "staff:ra-operator" });
    grantCode = grant.code;
    const token = Pkcs11Token.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "bidder-usbkey", pin: USER_PIN });
    try {
      const chain = await estCaCerts({ baseUrl: base });
      expect(chain).toHaveLength(2);
      const key = await token.generateKey({ label: "钱多多 签名" });
      const cert = await estSimpleEnroll({ baseUrl: base, id: grant.id, code: grant.code, csr: await token.createCsr(key.id) });
      const cred = await token.storeCertificate(key.id, cert);
      expect(cred.subject).toBe("C=CN, CN=钱多多");

      const v = await c.validator.validate({ cert: cred.certDer!, purpose: "clientAuth", keyUsage: ["digitalSignature"] });
      expect(v.ok, JSON.stringify(v.checks.filter((k) => k.outcome !== "pass"))).toBe(true);
      // A login challenge signed in the token verifies with the certificate (OpenSSL as the independent verifier).
      const sig = await token.sign(key.id, Buffer.from("challenge-7f3e"));
      x.sh(`printf '%s' '${toPem(cred.certDer!, "CERTIFICATE")}' > qian.pem && openssl x509 -in qian.pem -pubkey -noout > qian.pub && printf 'challenge-7f3e' > ch.txt`);
      x.sh(`printf '%s' '${Buffer.from(sig).toString("base64")}' | base64 -d > ch.sig && openssl dgst -sha256 -verify qian.pub -signature ch.sig ch.txt > dv.txt`);
      expect(x.read("dv.txt")).toContain("Verified OK");

      // The same code again is refused; same-key renewal from the token works and replaces the certificate on the token.
      const again = await estSimpleEnroll({ baseUrl: base, id: grant.id, code: grant.code, csr: await token.createCsr(key.id) }).then(
        () => "no error",
        (e: AppError) => e.code,
      );
      expect(again).toBe("EST_CODE_USED");
      const renewed = await estSimpleReenroll({ baseUrl: base, csr: await token.createCsr(key.id) });
      const stored = await token.storeCertificate(key.id, renewed);
      expect(stored.serial).not.toBe(cred.serial);
      expect((await token.credentials()).filter((k) => k.id === key.id)).toHaveLength(1);
    } finally {
      token.close();
    }
  });

  it("no PIN and no private key material in any database row or log line", async () => {
    const tables = (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(dbh.db)).rows.map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(["pki_ca", "pki_certificate", "pki_service_key", "audit_log", "pki_enrollment"]));
    let dump = "";
    for (const t of tables) {
      const rows = (await sql.raw(`select * from "${t}"`).execute(dbh.db)).rows;
      dump += JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    }
    expect(dump.length).toBeGreaterThan(10_000);
    for (const needle of [CA_PIN, USER_PIN, PKCS8_P256_PREFIX, "PRIVATE KEY", Buffer.from(CA_PIN).toString("hex")]) expect(dump, needle).not.toContain(needle);
    expect(dump).not.toMatch(new RegExp(`30770201010420[0-9a-f]{64}a00a06082a8648ce3d030107`)); // a SEC 1 P-256 private key
    const refs = (await c.pki.ca.cas()).map((a) => a.keyRef);
    for (const r of refs) expect(Object.keys(r!).sort()).toEqual(["id", "store", "suite"]);

    const logs = logLines.join("");
    // Trace-level request logs were written, failures with their code and detail…
    expect(logs).toContain("/.well-known/est/simpleenroll");
    expect(logs).toContain("EST_CODE_USED");
    // …yet no secret: neither PIN, nor the one-time code (nor its Basic header), nor key material.
    const basic = Buffer.from(`APP-HSM-1:${grantCode}`).toString("base64");
    for (const needle of [CA_PIN, USER_PIN, grantCode, basic, PKCS8_P256_PREFIX, "PRIVATE KEY", SEC1_PREFIX + "0"]) expect(logs, needle).not.toContain(needle);
    expect(dump).not.toContain(grantCode);
  });
});

if (!softhsmAvailable) describe("CA on a PKCS#11 HSM", () => it.skip(SOFTHSM_SKIP_REASON, () => undefined));
