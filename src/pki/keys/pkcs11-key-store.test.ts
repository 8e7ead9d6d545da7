/**
 * The PKCS#11 key store against a real SoftHSM2 token: keys are generated
 * sensitive and non-extractable (the token itself refuses to reveal or wrap
 * them), signatures made in the token verify with node:crypto, concurrent
 * signing through the session pool is correct, and lost sessions heal.
 */
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOFTHSM_MODULE, SOFTHSM_SKIP_REASON, softhsm, softhsmAvailable } from "../../../test/helpers/softhsm.js";
import { AppError } from "../../shared/errors.js";
import { acquireModule, ckrName, ckrOf, P11, releaseModule } from "./pkcs11-module.js";
import { Pkcs11KeyStore } from "./pkcs11-key-store.js";
import { rawEcdsaToDer } from "./pkcs11-objects.js";

const PIN = "4321-ca-pin";

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e instanceof AppError ? e.code : `uncoded: ${(e as Error).message}`;
  }
  return "no error";
}

describe.skipIf(!softhsmAvailable)("PKCS#11 key store on SoftHSM2", () => {
  let store: Pkcs11KeyStore;
  let slotId: number;

  beforeAll(() => {
    const hsm = softhsm();
    slotId = hsm.initToken("lt-ca-hsm", PIN);
    hsm.initToken("lt-other", "0000-other");
    store = Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "lt-ca-hsm", pin: PIN, sessions: 4 });
  });
  afterAll(() => store?.close());

  it("finds the token by label or by slot id", () => {
    expect(store.token()).toMatchObject({ label: "lt-ca-hsm", slotId: String(slotId), model: "SoftHSM v2" });
    const bySlot = Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, slot: slotId, pin: PIN });
    expect(bySlot.token().label).toBe("lt-ca-hsm");
    void bySlot.close();
  });

  it("generates a P-256 key that the token refuses to reveal or wrap", async () => {
    const key = await store.generate("ecdsa-p256", "测试 CA 密钥");
    expect(key).toMatchObject({ store: "pkcs11", suite: "ecdsa-p256", label: "测试 CA 密钥" });
    expect(key.id).toMatch(/^[0-9a-f]{32}$/);
    expect(createPublicKey({ key: Buffer.from(key.spki), format: "der", type: "spki" }).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");

    // Ask the token directly, bypassing our code: the private value is sensitive, the flags say never extractable.
    const p = acquireModule(SOFTHSM_MODULE);
    try {
      const slot = p.C_GetSlotList(true).find((s) => s.readBigUInt64LE(0) === BigInt(slotId))!;
      const s = p.C_OpenSession(slot, P11.CKF_SERIAL_SESSION | P11.CKF_RW_SESSION);
      try {
        p.C_FindObjectsInit(s, [
          { type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY },
          { type: P11.CKA_ID, value: Buffer.from(key.id, "hex") },
        ]);
        const [priv] = p.C_FindObjects(s, 2);
        p.C_FindObjectsFinal(s);
        expect(priv).toBeDefined();
        let refused = "";
        try {
          p.C_GetAttributeValue(s, priv!, [{ type: P11.CKA_VALUE }]);
        } catch (e) {
          refused = ckrName(ckrOf(e)!);
        }
        expect(refused).toBe("CKR_ATTRIBUTE_SENSITIVE");
        const flags = p.C_GetAttributeValue(s, priv!, [{ type: P11.CKA_SENSITIVE }, { type: P11.CKA_EXTRACTABLE }, { type: P11.CKA_NEVER_EXTRACTABLE }, { type: P11.CKA_ALWAYS_SENSITIVE }]);
        expect(flags.map((a) => (a.value as Buffer)[0])).toEqual([1, 0, 1, 1]);
        // Wrapping it out under a key we control is refused as well.
        const aes = p.C_GenerateKey(s, { mechanism: P11.CKM_AES_KEY_GEN }, [
          { type: P11.CKA_VALUE_LEN, value: 32 },
          { type: P11.CKA_WRAP, value: true },
          { type: P11.CKA_TOKEN, value: false },
        ]);
        let wrapRefused = "";
        try {
          p.C_WrapKey(s, { mechanism: P11.CKM_AES_KEY_WRAP_PAD }, aes, priv!, Buffer.alloc(4096));
        } catch (e) {
          wrapRefused = ckrName(ckrOf(e)!);
        }
        expect(wrapRefused).toBe("CKR_KEY_UNEXTRACTABLE");
      } finally {
        p.C_CloseSession(s);
      }
    } finally {
      releaseModule(SOFTHSM_MODULE);
    }
  });

  it("signs in the token; 300 concurrent signatures through the session pool all verify", async () => {
    const key = await store.generate("ecdsa-p256", "concurrency");
    const signer = await store.signer(key);
    const pub = createPublicKey({ key: Buffer.from(signer.spki), format: "der", type: "spki" });
    const messages = Array.from({ length: 300 }, (_, i) => Buffer.from(`message ${i} ${"x".repeat(i)}`));
    const sigs = await Promise.all(messages.map((m) => signer.sign(m)));
    for (let i = 0; i < messages.length; i++) {
      expect(sigs[i]![0]).toBe(0x30); // DER SEQUENCE, not raw r‖s
      expect(verify("sha256", messages[i]!, { key: pub, dsaEncoding: "der" }, sigs[i]!), `signature ${i}`).toBe(true);
      // …and it is a signature over *this* message, not any other.
      expect(verify("sha256", messages[(i + 1) % messages.length]!, { key: pub, dsaEncoding: "der" }, sigs[i]!)).toBe(false);
    }
  });

  it("signs RSA-2048 with CKM_SHA256_RSA_PKCS", async () => {
    const key = await store.generate("rsa-2048", "legacy rsa");
    const signer = await store.signer(key);
    const pub = createPublicKey({ key: Buffer.from(signer.spki), format: "der", type: "spki" });
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const sig = await signer.sign(Buffer.from("国土资源局"));
    expect(verify("sha256", Buffer.from("国土资源局"), pub, sig)).toBe(true);
  });

  it("answers SM2 with PKI_ALG_NOT_ON_TOKEN", async () => {
    expect(await codeOf(store.generate("sm2", "sm2 key"))).toBe("PKI_ALG_NOT_ON_TOKEN");
    expect(await codeOf(store.signer({ store: "pkcs11", id: "00112233", suite: "sm2" }))).toBe("PKI_ALG_NOT_ON_TOKEN");
  });

  it("lists keys with labels and public keys; unknown ids are coded", async () => {
    const listed = await store.list();
    expect(listed.map((k) => k.label)).toEqual(expect.arrayContaining(["测试 CA 密钥", "concurrency", "legacy rsa"]));
    for (const k of listed) expect(await store.publicKey(k)).toEqual(k.spki);
    expect(await codeOf(store.signer({ store: "pkcs11", id: "deadbeef", suite: "ecdsa-p256" }))).toBe("PKI_KEY_NOT_FOUND");
    expect(await codeOf(store.signer({ store: "file", id: "deadbeef", suite: "ecdsa-p256" }))).toBe("PKI_KEY_NOT_FOUND");
  });

  it("survives sessions closed underneath it (HSM restart): signing heals with one retry", async () => {
    const key = await store.generate("ecdsa-p256", "heal");
    const signer = await store.signer(key);
    await signer.sign(Buffer.from("before"));
    const p = acquireModule(SOFTHSM_MODULE);
    try {
      const slot = p.C_GetSlotList(true).find((s) => s.readBigUInt64LE(0) === BigInt(slotId))!;
      p.C_CloseAllSessions(slot); // logs the application out of the token, too
    } finally {
      releaseModule(SOFTHSM_MODULE);
    }
    const pub = createPublicKey({ key: Buffer.from(signer.spki), format: "der", type: "spki" });
    const sigs = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => signer.sign(Buffer.from(`after ${i}`))));
    sigs.forEach((sig, i) => expect(verify("sha256", Buffer.from(`after ${i + 1}`), { key: pub, dsaEncoding: "der" }, sig)).toBe(true));
  });

  it("gives coded errors for a wrong PIN, a missing token and a missing module", async () => {
    expect(await codeOf(() => Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "lt-other", pin: "wrong-pin" }))).toBe("PKI_TOKEN_PIN_INCORRECT");
    // The CA token is already logged in by `store` (login state is per process and token): a wrong PIN must still fail.
    expect(await codeOf(() => Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "lt-ca-hsm", pin: "wrong-pin" }))).toBe("PKI_TOKEN_PIN_INCORRECT");
    expect(await codeOf(() => Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, tokenLabel: "no-such-token", pin: PIN }))).toBe("PKI_TOKEN_NOT_FOUND");
    expect(await codeOf(() => Pkcs11KeyStore.open({ modulePath: SOFTHSM_MODULE, slot: 987654, pin: PIN }))).toBe("PKI_TOKEN_NOT_FOUND");
    expect(await codeOf(() => Pkcs11KeyStore.open({ modulePath: "/nonexistent/libpkcs11.so", pin: PIN }))).toBe("PKI_TOKEN_MODULE_UNAVAILABLE");
  });

  it("re-encodes raw r‖s as minimal DER integers", () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r needs a leading zero
    raw[63] = 0x01; // s is 1
    const der = Buffer.from(rawEcdsaToDer(raw)).toString("hex");
    expect(der.startsWith("3026022100800000")).toBe(true);
    expect(der.endsWith("020101")).toBe(true);
  });
});

if (!softhsmAvailable) describe("PKCS#11 key store", () => it.skip(SOFTHSM_SKIP_REASON, () => undefined));
