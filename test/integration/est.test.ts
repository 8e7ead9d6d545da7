/**
 * EST (RFC 7030) end to end with the tools an applicant would use: OpenSSL
 * makes the key and request, curl talks to the running server, OpenSSL
 * decodes and verifies the answer. Both suites (P-256 and SM2 with the
 * GM/T 0009 ID). Every refusal is coded and leaves nothing issued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../../src/pki/asn1/der.js";
import { parseCertificate } from "../../src/pki/asn1/certificate.js";
import { fromBase64Body, parseCertsOnly } from "../../src/pki/asn1/pkcs7-certs.js";
import { AppError } from "../../src/shared/errors.js";
import { startEstTls } from "../../src/http/est-tls.js";
import { ensureEstTlsIdentity } from "../../src/pki/est/est-tls-identity.js";
import { startTestSystem, type TestSystem } from "../helpers/app.js";
import { scratch, type Scratch } from "../helpers/shell.js";

const pem = (d: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString("base64")}\n-----END CERTIFICATE-----\n`;

const ZHANG: [string, string][] = [
  ["C", "CN"],
  ["CN", "张三"],
  ["serialNumber", "430121199001011234"],
];

describe("EST enrollment", { timeout: 120_000 }, () => {
  let s: TestSystem;
  let x: Scratch;
  let base: string;
  let attime: string;

  const certCount = async () => (await s.c.store.read.pki.findCertificates({ limit: 10_000 })).length;

  /** curl, as in the README recipe; returns HTTP status, headers and body. */
  async function curl(pathAndQuery: string, args: string): Promise<{ status: number; headers: string; body: string }> {
    const out = await x.shAsync(`curl -s -D hdr.txt -o body.out -w '%{http_code}' ${args} '${base}${pathAndQuery}'`);
    return { status: Number(out), headers: x.read("hdr.txt"), body: x.read("body.out") };
  }

  const enrollWithCurl = (id: string, code: string, reqB64: string, label = "") =>
    curl(`/.well-known/est/${label ? `${label}/` : ""}simpleenroll`, `--data-binary @${reqB64} -H 'Content-Type: application/pkcs10' -u '${id}:${code}'`);

  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (e) {
      return e instanceof AppError ? e.code : `uncoded: ${(e as Error).message}`;
    }
    return "no error";
  }

  beforeAll(async () => {
    x = scratch("lt-est-");
    s = await startTestSystem({ dataDir: x.file("data") });
    await s.c.pki.ca.init("ecdsa-p256", "staff:test");
    await s.c.pki.ca.init("sm2", "staff:test");
    await s.app.listen({ host: "127.0.0.1", port: 0 });
    const addr = s.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    attime = String(Math.floor(s.clock.now().getTime() / 1000) + 3600);
    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout zhang.key -subj '/CN=Mallory/O=Chosen by the applicant' -outform DER -out zhang.req.der 2>/dev/null && base64 zhang.req.der > zhang.req.b64`);
  }, 300_000);
  afterAll(() => s?.close());

  it("cacerts: a base64 certs-only PKCS#7 of the issuing chain, per suite label", async () => {
    const r = await curl("/.well-known/est/cacerts", "");
    expect(r.status).toBe(200);
    expect(r.headers).toMatch(/content-type: application\/pkcs7-mime; smime-type=certs-only/i);
    expect(r.headers).toMatch(/content-transfer-encoding: base64/i);
    x.sh(`base64 -d body.out > cacerts.p7 && openssl pkcs7 -inform DER -in cacerts.p7 -print_certs -out chain.pem`);
    expect(x.read("chain.pem").match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    x.sh(`openssl pkcs7 -inform DER -in cacerts.p7 -print_certs -noout > names.txt`);
    expect(x.read("names.txt")).toContain("ECDSA");
    const sm2 = await curl("/.well-known/est/sm2/cacerts", "");
    expect(parseCertsOnly(fromBase64Body(sm2.body)).map((c) => Buffer.from(c))).toEqual((await s.c.pki.ca.chain("sm2")).map((c) => Buffer.from(c)));
    expect((await curl("/.well-known/est/ed25519/cacerts", "")).status).toBe(404);
    expect((await curl("/.well-known/est/csrattrs", "")).status).toBe(204);
  });

  it("simpleenroll with curl and an OpenSSL key: the grant's subject, not the request's; OpenSSL verifies the chain", async () => {
    const g = await s.c.enrollment.grant({ id: "APP-2026-0001", suite: "ecdsa-p256", profile: "individual-sign", subject: ZHANG, holder: "bidder:zhang", actor: "staff:ra-operator" });
    expect(g.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const before = await certCount();
    // Typed the way people type codes: lower case, no dashes.
    const r = await enrollWithCurl(g.id, g.code.toLowerCase().replace(/-/g, ""), "zhang.req.b64");
    expect(r.status, r.body).toBe(200);
    expect(r.headers).toMatch(/content-type: application\/pkcs7-mime; smime-type=certs-only/i);
    x.sh(`base64 -d body.out > zhang.p7 && openssl pkcs7 -inform DER -in zhang.p7 -print_certs -out zhang.pem`);
    expect(x.read("zhang.pem").match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    x.sh(`openssl x509 -in zhang.pem -noout -subject -nameopt utf8,sep_comma_plus > subject.txt`);
    expect(x.read("subject.txt").trim()).toBe("subject=C=CN,CN=张三,serialNumber=430121199001011234");
    const [sub, root] = (await s.c.pki.ca.chain("ecdsa-p256")).map(pem);
    x.sh(`printf '%s' '${root}' > root.pem && printf '%s' '${sub}' > sub.pem`);
    x.sh(`openssl verify -attime ${attime} -purpose smimesign -CAfile root.pem -untrusted sub.pem zhang.pem > verify.txt`);
    expect(x.read("verify.txt")).toContain("zhang.pem: OK");
    // The key in the certificate is the applicant's.
    x.sh(`openssl x509 -in zhang.pem -noout -pubkey > a.pub && openssl pkey -in zhang.key -pubout > b.pub && cmp a.pub b.pub`);

    expect(await certCount()).toBe(before + 1);
    const st = await s.c.enrollment.status(g.id);
    const serial = toHex(parseCertificate(fromBase64Body(x.read("body.out")).length ? parseCertsOnly(fromBase64Body(x.read("body.out")))[0]! : new Uint8Array()).tbsCertificate.serialNumber);
    expect(st).toMatchObject({ state: "used", serial });
    expect(await s.c.pki.ca.certificate(serial)).toMatchObject({ holder: "bidder:zhang", profile: "individual-sign", status: "issued" });
    const audit = await s.c.store.read.audit.list({ subject: `enrollment:${g.id}`, limit: 10 });
    expect(audit.map((e) => e.action).sort()).toEqual(["pki.enrollment.grant", "pki.est.enroll"]);
    expect(JSON.stringify(audit)).not.toContain(g.code);

    // The same code again: coded, nothing issued.
    const again = await enrollWithCurl(g.id, g.code, "zhang.req.b64");
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({ code: "EST_CODE_USED" });
    expect(await certCount()).toBe(before + 1);
  });

  it("SM2: an OpenSSL SM2 request (-sm3, distid) enrolls on the SM2 CA; OpenSSL verifies the SM2 certificate", async () => {
    const g = await s.c.enrollment.grant({ id: "APP-2026-0002", suite: "sm2", profile: "individual-sign", subject: [["C", "CN"], ["CN", "李四"]], actor: "staff:ra-operator" });
    x.sh(`openssl genpkey -algorithm SM2 -out li.key && openssl req -new -key li.key -subj '/CN=li' -sm3 -sigopt distid:1234567812345678 -outform DER -out li.req.der && base64 li.req.der > li.req.b64`);
    // Wrong path label for this grant first: coded.
    const wrongLabel = await enrollWithCurl(g.id, g.code, "li.req.b64", "ecdsa-p256");
    expect(JSON.parse(wrongLabel.body).code).toBe("EST_SUITE_MISMATCH");
    const r = await enrollWithCurl(g.id, g.code, "li.req.b64", "sm2");
    expect(r.status, r.body).toBe(200);
    x.sh(`base64 -d body.out | openssl pkcs7 -inform DER -print_certs -out li.pem`);
    const [sub, root] = (await s.c.pki.ca.chain("sm2")).map(pem);
    x.sh(`printf '%s' '${root}' > sm2root.pem && printf '%s' '${sub}' > sm2sub.pem`);
    // OpenSSL 3.0 applies -vfyopt distid to the certificate being verified only, so each link is verified on its own.
    x.sh(`openssl verify -attime ${attime} -vfyopt distid:1234567812345678 -partial_chain -CAfile sm2sub.pem li.pem > v.txt`);
    x.sh(`openssl verify -attime ${attime} -vfyopt distid:1234567812345678 -CAfile sm2root.pem sm2sub.pem >> v.txt`);
    expect(x.read("v.txt")).toContain("li.pem: OK");
    expect(x.read("v.txt")).toContain("sm2sub.pem: OK");
    x.sh(`openssl x509 -in li.pem -noout -text > li.txt`);
    expect(x.read("li.txt")).toMatch(/SM2-with-SM3|sm2sign-with-sm3/);
  });

  it("refuses an expired code (fake clock), a wrong code, and locks after repeated wrong codes — nothing issued", async () => {
    const before = await certCount();
    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout w.key -subj '/CN=w' -outform DER -out w.der 2>/dev/null && base64 w.der > w.b64`);
    const expiring = await s.c.enrollment.grant({ id: "APP-EXPIRE", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "王五"]], ttlMinutes: 60, actor: "staff:ra" });
    s.clock.advance(61 * 60_000);
    const r = await enrollWithCurl(expiring.id, expiring.code, "w.b64");
    expect([r.status, JSON.parse(r.body).code]).toEqual([403, "EST_CODE_EXPIRED"]);
    expect((await s.c.enrollment.status(expiring.id)).state).toBe("expired");

    const g = await s.c.enrollment.grant({ id: "APP-WRONG", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "赵六"]], actor: "staff:ra" });
    const wrong = await enrollWithCurl(g.id, "AAAA-BBBB-CCCC-DDDD", "w.b64");
    expect([wrong.status, JSON.parse(wrong.body).code]).toEqual([401, "EST_CREDENTIALS_INVALID"]);
    expect(wrong.headers).toMatch(/www-authenticate: Basic realm="landtrade EST"/i);
    const unknown = await enrollWithCurl("APP-NOPE", g.code, "w.b64");
    expect(JSON.parse(unknown.body).code).toBe("EST_CREDENTIALS_INVALID");
    for (let i = 0; i < 4; i++) await enrollWithCurl(g.id, `WRONG-${i}`, "w.b64");
    const locked = await enrollWithCurl(g.id, g.code, "w.b64"); // the right code, too late
    expect([locked.status, JSON.parse(locked.body).code]).toEqual([423, "EST_CODE_LOCKED"]);
    expect((await s.c.enrollment.status(g.id)).state).toBe("locked");
    const denied = await s.c.store.read.audit.list({ subject: `enrollment:${g.id}`, action: "pki.est.enroll.denied", limit: 20 });
    expect(denied).toHaveLength(6);

    // The RA re-issues the code: the old one stops working, the new one works.
    const again = await s.c.enrollment.grant({ id: g.id, suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "赵六"]], actor: "staff:ra" });
    expect(again.replaced).toBe(true);
    expect(JSON.parse((await enrollWithCurl(g.id, g.code, "w.b64")).body).code).toBe("EST_CREDENTIALS_INVALID");
    expect(await certCount()).toBe(before);
    expect((await enrollWithCurl(g.id, again.code, "w.b64")).status).toBe(200);
    expect(await certCount()).toBe(before + 1);
    expect(await codeOf(s.c.enrollment.grant({ id: g.id, suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "赵六"]], actor: "staff:ra" }))).toBe("EST_GRANT_EXISTS");
  });

  it("refuses a key already certified to another subject, a key of the wrong suite and malformed bodies — the grant stays open", async () => {
    const before = await certCount();
    const g = await s.c.enrollment.grant({ id: "APP-DUPKEY", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "钱七"]], actor: "staff:ra" });
    const dup = await enrollWithCurl(g.id, g.code, "zhang.req.b64"); // 张三's key
    expect([dup.status, JSON.parse(dup.body).code]).toEqual([409, "PKI_KEY_ALREADY_CERTIFIED"]);
    const sm2 = await enrollWithCurl(g.id, g.code, "li.req.b64");
    expect(JSON.parse(sm2.body).code).toBe("EST_SUITE_MISMATCH");
    const noAuth = await curl("/.well-known/est/simpleenroll", `--data-binary @zhang.req.b64 -H 'Content-Type: application/pkcs10'`);
    expect([noAuth.status, JSON.parse(noAuth.body).code]).toEqual([401, "EST_AUTH_REQUIRED"]);
    const json = await curl("/.well-known/est/simpleenroll", `--data-binary @zhang.req.b64 -u '${g.id}:${g.code}'`);
    expect([json.status, JSON.parse(json.body).code]).toEqual([415, "EST_CONTENT_TYPE"]);
    x.sh(`printf 'not base64!!' > junk.txt && head -c 100 zhang.req.der | base64 > trunc.b64`);
    expect(JSON.parse((await enrollWithCurl(g.id, g.code, "junk.txt")).body).code).toBe("EST_BODY_INVALID");
    expect(JSON.parse((await enrollWithCurl(g.id, g.code, "trunc.b64")).body).code).toBe("PKI_CSR_INVALID");
    expect(await certCount()).toBe(before);
    expect((await s.c.enrollment.status(g.id)).state).toBe("open");
  });

  it("one code, many concurrent enrollments: exactly one certificate", async () => {
    const g = await s.c.enrollment.grant({ id: "APP-RACE", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "孙八"]], holder: "bidder:sun", actor: "staff:ra" });
    const keys = Array.from({ length: 8 }, (_, i) => i);
    x.sh(keys.map((i) => `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout r${i}.key -subj '/CN=r' -outform DER -out r${i}.der 2>/dev/null && base64 r${i}.der > r${i}.b64`).join(" && "));
    const results = await Promise.all(
      keys.map((i) =>
        s.app.inject({
          method: "POST",
          url: "/.well-known/est/simpleenroll",
          payload: x.read(`r${i}.b64`),
          headers: { "content-type": "application/pkcs10", authorization: `Basic ${Buffer.from(`${g.id}:${g.code}`).toString("base64")}` },
        }),
      ),
    );
    const statuses = results.map((r) => (r.statusCode === 200 ? "ok" : r.json().code)).sort();
    expect(statuses).toEqual(["EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "ok"]);
    expect(await s.c.store.read.pki.findCertificates({ holder: "bidder:sun", limit: 100 })).toHaveLength(1);
  });

  it("even when every request passed the pre-check on a stale read, the transaction lets exactly one consume the grant", async () => {
    const g = await s.c.enrollment.grant({ id: "APP-RACE-2", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "周九"]], holder: "bidder:zhou", actor: "staff:ra" });
    x.sh([0, 1, 2, 3, 4, 5].map((i) => `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout z${i}.key -subj '/CN=z' -outform DER -out z${i}.der 2>/dev/null && base64 z${i}.der > z${i}.b64`).join(" && "));
    const snapshot = (await s.c.store.read.enrollment.grant(g.id))!;
    const reads = s.c.store.read.enrollment;
    const realGrant = reads.grant;
    // Force the worst interleaving: all six read the grant as unused before any of them commits.
    reads.grant = async () => snapshot;
    try {
      const outcomes = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => s.c.enrollment.enroll({ id: g.id, code: g.code, csr: x.read(`z${i}.b64`) }).then(() => "ok", (e: AppError) => e.code)));
      expect(outcomes.sort()).toEqual(["EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "EST_CODE_USED", "ok"]);
    } finally {
      reads.grant = realGrant;
    }
    const certs = await s.c.store.read.pki.findCertificates({ holder: "bidder:zhou", limit: 100 });
    expect(certs).toHaveLength(1);
    expect((await s.c.enrollment.status(g.id)).serial).toBe(certs[0]!.serial);
  });

  it("EST bodies fuzzed: thousands of mutated requests give only coded errors, and issue nothing", async () => {
    const g = await s.c.enrollment.grant({ id: "APP-FUZZ", suite: "ecdsa-p256", profile: "individual-sign", subject: [["CN", "模糊"]], actor: "staff:ra" });
    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout f.key -subj '/CN=f' -outform DER -out f.der 2>/dev/null`);
    const good = new Uint8Array(Buffer.from(x.sh("base64 -w0 f.der"), "base64"));
    const before = await certCount();
    let seed = 99;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const codes = new Map<string, number>();
    for (let i = 0; i < 2500; i++) {
      const m = Uint8Array.from(good);
      for (let k = 0; k <= i % 3; k++) {
        const at = rnd() % m.length;
        m[at] = m[at]! ^ (1 + (rnd() % 255));
      }
      const input = i % 25 === 0 ? m.subarray(0, rnd() % m.length) : m;
      // Two flips at one place can cancel out (for some CSR lengths): that is the good request, not a mutation.
      if (Buffer.from(input).equals(Buffer.from(good))) continue;
      const viaHttp = i % 10 === 0;
      let code: string;
      if (viaHttp) {
        const r = await s.app.inject({
          method: "POST",
          url: "/.well-known/est/simpleenroll",
          payload: i % 20 === 0 ? Buffer.from(input) : Buffer.from(input).toString("base64"),
          headers: { "content-type": "application/pkcs10", authorization: `Basic ${Buffer.from(`${g.id}:${g.code}`).toString("base64")}` },
        });
        code = r.statusCode === 200 ? "ok" : (r.json() as { code: string }).code;
        expect(r.statusCode, code).toBeLessThan(500);
      } else {
        code = await codeOf(s.c.enrollment.enroll({ id: g.id, code: g.code, csr: input }));
      }
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    for (const code of codes.keys()) expect(code).toMatch(/^(PKI|EST)_[A-Z_]+$/);
    // Most mutations break the framing or the signature (the share depends on the random key).
    expect(codes.get("PKI_CSR_INVALID")! + codes.get("PKI_CSR_SIGNATURE_INVALID")!).toBeGreaterThan(1750);
    expect(await certCount()).toBe(before);
    expect((await s.c.enrollment.status(g.id)).state).toBe("open");
  });

  it("validates grants: enrollable profiles, the profile's subject, a set-up CA", async () => {
    expect(await codeOf(s.c.enrollment.grant({ suite: "ecdsa-p256", profile: "server-tls", subject: [["CN", "x"]], actor: "a" }))).toBe("EST_GRANT_INVALID");
    expect(await codeOf(s.c.enrollment.grant({ suite: "ecdsa-p256", profile: "enterprise-sign", subject: [["CN", "某公司"], ["O", "某公司"]], actor: "a" }))).toBe("EST_GRANT_INVALID");
    expect(await codeOf(s.c.enrollment.grant({ suite: "ecdsa-p256", profile: "individual-sign", subject: [["XX", "x"]], actor: "a" }))).toBe("EST_GRANT_INVALID");
    expect(await codeOf(s.c.enrollment.grant({ suite: "rsa-2048", profile: "individual-sign", subject: [["CN", "x"]], actor: "a" }))).toBe("PKI_CA_NOT_INITIALISED");
    const ent = await s.c.enrollment.grant({
      suite: "ecdsa-p256",
      profile: "enterprise-sign",
      subject: [["C", "CN"], ["O", "长沙某置业有限公司"], ["organizationIdentifier", "91430121MA4L0XXX0X"], ["CN", "长沙某置业有限公司"]],
      actor: "a",
    });
    expect((await s.c.enrollment.status(ent.id)).state).toBe("open");
    await s.c.enrollment.cancel(ent.id, "staff:ra");
    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout e.key -subj '/CN=e' -outform DER -out e.der 2>/dev/null && base64 e.der > e.b64`);
    expect(JSON.parse((await enrollWithCurl(ent.id, ent.code, "e.b64")).body).code).toBe("EST_GRANT_CANCELLED");
  });

  it("simplereenroll over plain HTTP with the same key: same subject, new serial; a new key needs TLS; revoked certificates cannot renew", async () => {
    x.sh(`openssl req -new -key zhang.key -subj '/CN=whatever' -outform DER -out zhang.re.der && base64 zhang.re.der > zhang.re.b64`);
    const r = await curl("/.well-known/est/simplereenroll", `--data-binary @zhang.re.b64 -H 'Content-Type: application/pkcs10'`);
    expect(r.status, r.body).toBe(200);
    x.sh(`base64 -d body.out | openssl pkcs7 -inform DER -print_certs -out zhang2.pem && openssl x509 -in zhang2.pem -noout -subject -serial -nameopt utf8,sep_comma_plus > s2.txt && openssl x509 -in zhang.pem -noout -serial > s1.txt`);
    expect(x.read("s2.txt")).toContain("subject=C=CN,CN=张三,serialNumber=430121199001011234");
    expect(x.read("s2.txt")).not.toContain(x.read("s1.txt").trim());
    const reenrolled = await s.c.store.read.audit.list({ action: "pki.est.reenroll", limit: 5 });
    expect(reenrolled[0]?.payload).toMatchObject({ auth: "same-key-csr", sameKey: true });

    x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout n.key -subj '/CN=n' -outform DER -out n.der 2>/dev/null && base64 n.der > n.b64`);
    const newKey = await curl("/.well-known/est/simplereenroll", `--data-binary @n.b64 -H 'Content-Type: application/pkcs10'`);
    expect([newKey.status, JSON.parse(newKey.body).code]).toEqual([401, "EST_CLIENT_CERT_REQUIRED"]);

    // Put both of 张三's certificates on hold: renewal is refused.
    const mine = await s.c.store.read.pki.findCertificates({ holder: "bidder:zhang", limit: 10 });
    await s.c.store.tx(async (tx) => {
      for (const c of mine) await tx.pki.setStatus(c.serial, "hold", s.clock.now(), 6);
    });
    const held = await curl("/.well-known/est/simplereenroll", `--data-binary @zhang.re.b64 -H 'Content-Type: application/pkcs10'`);
    expect([held.status, JSON.parse(held.body).code]).toEqual([403, "EST_CLIENT_CERT_INVALID"]);
    await s.c.store.tx(async (tx) => {
      for (const c of mine) await tx.pki.setStatus(c.serial, "issued", null, null);
    });
  });

  it("simplereenroll over HTTPS with the current certificate as TLS client certificate (rekey allowed); the listener's certificate comes from our sub-CA", async () => {
    const tls = await startEstTls(s.c, { host: "127.0.0.1", port: 0 });
    try {
      expect(tls.identity.issued).toBe(true);
      const again = await ensureEstTlsIdentity(s.c.pki.ca, s.clock, { dir: x.file("data/tls"), passphrase: tls.identity.passphrase, hostnames: ["localhost"] });
      expect([again.issued, again.serial]).toEqual([false, tls.identity.serial]);
      expect(await s.c.pki.ca.certificate(tls.identity.serial)).toMatchObject({ profile: "server-tls", status: "issued" });

      const url = `https://localhost:${tls.port}/.well-known/est/simplereenroll`;
      const tlsCurl = async (args: string) => {
        const out = await x.shAsync(`curl -s --cacert root.pem -o tbody.out -w '%{http_code}' ${args} --data-binary @n.b64 -H 'Content-Type: application/pkcs10' '${url}'`);
        return { status: Number(out), body: x.read("tbody.out") };
      };
      // curl checked the server certificate against our root and the name "localhost".
      const r = await tlsCurl("--cert zhang.pem --key zhang.key");
      expect(r.status, r.body).toBe(200);
      x.sh(`base64 -d tbody.out | openssl pkcs7 -inform DER -print_certs -out rekeyed.pem && openssl x509 -in rekeyed.pem -noout -subject -nameopt utf8,sep_comma_plus > rk.txt`);
      expect(x.read("rk.txt")).toContain("subject=C=CN,CN=张三,serialNumber=430121199001011234");
      x.sh(`openssl x509 -in rekeyed.pem -noout -pubkey > c.pub && openssl pkey -in n.key -pubout > d.pub && cmp c.pub d.pub`);
      const audit = await s.c.store.read.audit.list({ action: "pki.est.reenroll", limit: 1 });
      expect(audit[0]?.payload).toMatchObject({ auth: "tls-client-cert", sameKey: false });

      // No client certificate and a new key: refused. A look-alike certificate we did not issue: refused.
      x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout m.key -subj '/CN=m' -outform DER -out n2.der 2>/dev/null && base64 n2.der > n.b64`);
      const none = await tlsCurl("");
      expect([none.status, JSON.parse(none.body).code]).toEqual([401, "EST_CLIENT_CERT_REQUIRED"]);
      x.sh(`openssl req -x509 -key zhang.key -subj '/C=CN/CN=张三/serialNumber=430121199001011234' -days 30 -out fake.pem 2>/dev/null`);
      const fake = await tlsCurl("--cert fake.pem --key zhang.key");
      expect([fake.status, JSON.parse(fake.body).code]).toEqual([403, "EST_CLIENT_CERT_INVALID"]);
    } finally {
      await tls.close();
    }
  });
});
