/** Runs the system `openssl` in a private temporary directory: OpenSSL 3 is the independent peer our output must satisfy. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface OpensslDir {
  dir: string;
  file(name: string): string;
  write(name: string, data: Uint8Array | string): string;
  read(name: string): Uint8Array;
  /** stdout; throws with stderr when openssl fails. */
  run(args: string[], input?: Uint8Array): Uint8Array;
  /** true when openssl exits 0. */
  ok(args: string[]): boolean;
  cleanup(): void;
}

export function opensslDir(prefix = "lt-ossl-"): OpensslDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = (n: string) => path.join(dir, n);
  const run = (args: string[], input?: Uint8Array) => {
    try {
      return new Uint8Array(execFileSync("openssl", args, { cwd: dir, input, stdio: ["pipe", "pipe", "pipe"] }));
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`openssl ${args.join(" ")} failed: ${err.stderr?.toString() ?? String(e)}`);
    }
  };
  return {
    dir,
    file,
    write: (n, d) => (writeFileSync(file(n), d), file(n)),
    read: (n) => new Uint8Array(readFileSync(file(n))),
    run,
    ok: (args) => {
      try {
        run(args);
        return true;
      } catch {
        return false;
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A self-signed certificate and its key made by OpenSSL: `kind` picks the key type; `ku` the keyUsage extension. */
export function opensslCert(o: OpensslDir, name: string, kind: "p256" | "rsa" | "sm2", ku = "keyAgreement,keyEncipherment,dataEncipherment"): { keyPem: string; certPem: string; certDer: Uint8Array } {
  const key = o.file(`${name}.key`);
  if (kind === "p256") o.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
  else if (kind === "rsa") o.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key]);
  else o.run(["genpkey", "-algorithm", "SM2", "-out", key]);
  const sig = kind === "sm2" ? ["-sm3", "-sigopt", "distid:1234567812345678"] : ["-sha256"];
  o.run(["req", "-x509", "-new", "-key", key, ...sig, "-subj", `/CN=${name}/O=landtrade test`, "-addext", `keyUsage=${ku}`, "-days", "2", "-out", o.file(`${name}.pem`)]);
  o.run(["x509", "-in", o.file(`${name}.pem`), "-outform", "DER", "-out", o.file(`${name}.der`)]);
  return { keyPem: readFileSync(key, "utf8"), certPem: readFileSync(o.file(`${name}.pem`), "utf8"), certDer: o.read(`${name}.der`) };
}
