/**
 * PKCS#11 key store on SoftHSM2: signatures/s through Pkcs11KeyStore (hash
 * in Node, sign in the token, DER re-encoding, session pool, async calls),
 * one at a time and with concurrent signers, against the raw limits measured
 * in the same run — plain synchronous C_SignInit + C_Sign on one session, and
 * node:crypto signing with a key in memory.
 */
import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { acquireModule, P11, releaseModule } from "../src/pki/keys/pkcs11-module.js";
import { Pkcs11KeyStore } from "../src/pki/keys/pkcs11-key-store.js";
import { rate, report } from "./report.js";

const MODULE = "/usr/lib/softhsm/libsofthsm2.so";

export async function hsmBench({ seconds }: { seconds: number }): Promise<void> {
  if (!existsSync(MODULE)) {
    process.stderr.write(`hsm bench skipped: no SoftHSM2 at ${MODULE} (apt-get install softhsm2)\n`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "lt-bench-hsm-"));
  mkdirSync(path.join(dir, "tokens"));
  writeFileSync(path.join(dir, "softhsm2.conf"), `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = path.join(dir, "softhsm2.conf");
  execFileSync("softhsm2-util", ["--init-token", "--free", "--label", "bench", "--pin", "1234", "--so-pin", "12345678"], { stdio: "ignore" });
  const ms = seconds * 1000;
  const msg = Buffer.from("x".repeat(300)); // about the size of a to-be-signed certificate

  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const nodeRaw = await rate(async () => sign("sha256", msg, { key: privateKey, dsaEncoding: "der" }), ms);
  report({ name: "hsm.node_crypto_p256_sign", value: nodeRaw, unit: "sig/s", note: "in-memory key, same run" });

  const store = Pkcs11KeyStore.open({ modulePath: MODULE, tokenLabel: "bench", pin: "1234", sessions: 4 });
  const key = await store.generate("ecdsa-p256", "bench");
  const signer = await store.signer(key);

  // Raw token limit: synchronous C_SignInit + C_Sign of a digest on one session, nothing else.
  const p = acquireModule(MODULE);
  const slot = p.C_GetSlotList(true)[0]!;
  const s = p.C_OpenSession(slot, P11.CKF_SERIAL_SESSION);
  p.C_FindObjectsInit(s, [
    { type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY },
    { type: P11.CKA_ID, value: Buffer.from(key.id, "hex") },
  ]);
  const [h] = p.C_FindObjects(s, 1);
  p.C_FindObjectsFinal(s);
  const digest = createHash("sha256").update(msg).digest();
  const raw = await rate(async () => {
    p.C_SignInit(s, { mechanism: P11.CKM_ECDSA }, h!);
    p.C_Sign(s, digest, Buffer.alloc(64));
  }, ms);
  report({ name: "hsm.softhsm_raw_c_sign_p256", value: raw, unit: "sig/s", baseline: nodeRaw, note: "sync C_Sign on one session vs node:crypto" });
  p.C_CloseSession(s);
  releaseModule(MODULE);

  const seq = await rate(() => signer.sign(msg), ms);
  report({ name: "hsm.keystore_p256_sign.c1", value: seq, unit: "sig/s", baseline: raw, note: "one signer at a time vs raw C_Sign" });
  for (const conc of [4, 16]) {
    const par = await rate(() => signer.sign(msg), ms, conc);
    report({ name: `hsm.keystore_p256_sign.c${conc}`, value: par, unit: "sig/s", baseline: raw, note: `${conc} concurrent signers, 4 sessions, vs raw C_Sign` });
  }
  const rsa = await store.signer(await store.generate("rsa-2048", "bench-rsa"));
  const rsaRate = await rate(() => rsa.sign(msg), ms, 4);
  report({ name: "hsm.keystore_rsa2048_sign.c4", value: rsaRate, unit: "sig/s" });
  await store.close();
}
