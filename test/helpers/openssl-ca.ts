/**
 * An independent "existing CA" made with OpenSSL (`openssl req/ca` with an
 * index.txt), its own OCSP responder (`openssl ocsp -index … -port …` as a
 * child process) and its CRL served from a tiny HTTP server — the real peers
 * the validator talks to in tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as netServer } from "node:net";
import { scratch, type Scratch } from "./shell.js";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = netServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface OpenSslCa {
  x: Scratch;
  crlUrl: string;
  ocspUrl: string;
  caPem: string;
  /** Issues a leaf with CDP + AIA OCSP pointing at the local servers; returns its PEM. */
  issueLeaf(name: string, opts?: { md?: string }): string;
  revoke(name: string, reason: "keyCompromise" | "certificateHold" | "superseded"): void;
  /** Regenerates the CRL (what the CRL server serves). */
  gencrl(days?: number): void;
  startOcsp(): Promise<void>;
  stopOcsp(): Promise<void>;
  /** OpenSSL's responder re-reads index.txt between requests — before it waits for the next one; this request makes it do so. */
  pokeOcsp(): Promise<void>;
  crlServer: { up: boolean; requests: number };
  close(): Promise<void>;
}

export async function createOpenSslCa(): Promise<OpenSslCa> {
  const x = scratch("lt-extca-");
  const crlPort = await freePort();
  const ocspPort = await freePort();
  const crlUrl = `http://127.0.0.1:${crlPort}/old-ca.crl`;
  const ocspUrl = `http://127.0.0.1:${ocspPort}`;
  writeFileSync(
    x.file("ca.cnf"),
    `[ ca ]
default_ca = old
[ old ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
certificate = ./ca.pem
private_key = ./ca.key
serial = ./serial
crlnumber = ./crlnumber
default_md = sha256
default_days = 365
default_crl_days = 1
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
countryName = optional
organizationName = optional
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = clientAuth,emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:${crlUrl}
authorityInfoAccess = OCSP;URI:${ocspUrl}
[ ocsp ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`,
  );
  x.sh(`mkdir newcerts && touch index.txt && echo 1000 > serial && echo 1000 > crlnumber`);
  x.sh(
    `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -utf8 -subj '/C=CN/O=Old Provincial CA/CN=湖南某CA 根证书' ` +
      `-addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -addext 'subjectKeyIdentifier=hash' 2>/dev/null`,
  );
  x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ocsp.key -subj '/CN=Old CA OCSP responder' -out ocsp.csr 2>/dev/null`);
  x.sh(`openssl ca -batch -config ca.cnf -extensions ocsp -in ocsp.csr -out ocsp.pem -notext 2>/dev/null`);

  const crlServer = { up: true, requests: 0 };
  const http: Server = createServer((req, res) => {
    crlServer.requests++;
    if (!crlServer.up || req.url !== "/old-ca.crl" || !existsSync(x.file("crl.der"))) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/pkix-crl" }).end(readFileSync(x.file("crl.der")));
  });
  await new Promise<void>((r) => http.listen(crlPort, "127.0.0.1", () => r()));

  let ocsp: ChildProcess | undefined;
  const ca: OpenSslCa = {
    x,
    crlUrl,
    ocspUrl,
    caPem: x.read("ca.pem"),
    crlServer,
    issueLeaf(name, opts = {}) {
      x.sh(`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ${name}.key -utf8 -subj '/CN=老用户 ${name}' -out ${name}.csr 2>/dev/null`);
      x.sh(`openssl ca -batch -config ca.cnf -extensions leaf ${opts.md ? `-md ${opts.md}` : ""} -utf8 -in ${name}.csr -out ${name}.pem -notext 2>/dev/null`);
      return x.read(`${name}.pem`);
    },
    revoke(name, reason) {
      x.sh(`openssl ca -config ca.cnf -revoke ${name}.pem -crl_reason ${reason} 2>/dev/null`);
    },
    gencrl(days = 1) {
      x.sh(`openssl ca -config ca.cnf -gencrl -crldays ${days} -out crl.pem 2>/dev/null && openssl crl -in crl.pem -outform DER -out crl.der`);
    },
    async startOcsp() {
      const child = spawn("openssl", ["ocsp", "-index", "index.txt", "-port", String(ocspPort), "-rsigner", "ocsp.pem", "-rkey", "ocsp.key", "-CA", "ca.pem", "-nmin", "60", "-ignore_err"], {
        cwd: x.dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      ocsp = child;
      // Wait for its own "ready" line: a bare TCP probe would wedge OpenSSL 3.0's single-threaded responder
      // (it blocks reading a request from a connection that sends none).
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${seen}`)), 15_000);
        const onData = (b: Buffer) => {
          seen += b.toString();
          if (seen.includes("waiting for OCSP client connections")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", (code) => reject(new Error(`openssl ocsp exited ${code}: ${seen}`)));
      });
    },
    async stopOcsp() {
      if (!ocsp || ocsp.exitCode !== null) return;
      const p = ocsp;
      await new Promise<void>((r) => {
        p.once("exit", () => r());
        p.kill("SIGTERM");
      });
      ocsp = undefined;
    },
    async pokeOcsp() {
      await x.shAsync(`openssl ocsp -issuer ca.pem -serial 0x1 -url ${ocspUrl} -noverify >/dev/null 2>&1 || true`);
    },
    async close() {
      await ca.stopOcsp();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
  ca.gencrl();
  return ca;
}
