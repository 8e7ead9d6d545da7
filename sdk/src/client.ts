/**
 * LandtradeClient: the typed client of the security service (安全中间件).
 *
 *   const client = new LandtradeClient({ baseUrl });
 *   await client.loginWithPassword("ops", "…");        // or authenticate(token) for certificate checks
 *   const receipt = await client.api.sign({ data });     // server-side signature
 *   const check = await client.verifyReceipt(receipt.cms); // offline, against the server's chain
 *
 * Login negotiates versions: the client sends SDK_VERSION and the functions
 * it will call; the server answers with its API version and function list.
 * Calling a function the server lacks throws SdkError SEC_FUNCTION_UNKNOWN
 * without a request.
 */
import type { GmCrypto } from "../../src/pki/algs/gm-crypto.js";
import { decryptEnvelope, encryptEnvelope, type ContentCipher } from "../../src/pki/asn1/cms-enveloped.js";
import { canonicalJson } from "../../src/shared/canonical-json.js";
import { fromBase64, pemBlocks, toBase64, utf8 } from "./bytes.js";
import { systemNow, type Now } from "./clock.js";
import { checkChain } from "./cms/chain.js";
import { signCms, verifyCms, type CmsVerification } from "./cms/signed-data.js";
import { webGm } from "./crypto/web-gm.js";
import { coded, SdkError } from "./errors.js";
import { Http } from "./http.js";
import type { RetryPolicy } from "./leader-retry.js";
import { defaultKey, type Token } from "./tokens/token.js";
import type * as T from "./types.js";
import { SDK_FUNCTIONS, SDK_VERSION, type FunctionName, type ServerFunctions } from "./version.js";

export interface ClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** SM3/SM4 implementation; default pure JS (works everywhere). Node callers may pass a faster one. */
  gm?: GmCrypto;
  now?: Now;
  /** Functions this application will call (default: all the SDK knows). */
  functions?: FunctionName[];
  /** How a standby's 503 OPS_NOT_LEADER is retried (default 4 attempts, Retry-After honoured, ≤ 5 s apart; attempts: 1 turns it off). */
  retry?: Partial<RetryPolicy>;
}

/**
 * Security functions that are computations without a stored effect for the
 * caller (the server's call log records each attempt): safe to send again
 * after a standby refused them with OPS_NOT_LEADER.
 */
const IDEMPOTENT_FUNCTIONS: ReadonlySet<string> = new Set(["sign", "verify", "encrypt", "decrypt", "validate"]);

export class LandtradeClient {
  readonly http: Http;
  readonly gm: GmCrypto;
  private readonly now: Now;
  private readonly wants: FunctionName[];
  private server: (ServerFunctions & { missing: string[] }) | undefined;
  private trust: Uint8Array[] | undefined;

  constructor(opts: ClientOptions) {
    this.http = new Http(opts);
    this.gm = opts.gm ?? webGm;
    this.now = opts.now ?? systemNow;
    this.wants = opts.functions ?? (Object.keys(SDK_FUNCTIONS) as FunctionName[]);
  }

  // ---- session and negotiation ----------------------------------------------

  /** Staff password login (systems and staff tools), then version negotiation. */
  async loginWithPassword(username: string, password: string): Promise<ServerFunctions & { missing: string[] }> {
    const s = await this.http.request<{ csrfToken: string }>("POST", "/api/auth/login", { username, password });
    this.http.csrfToken = s.csrfToken;
    return this.negotiate();
  }

  /** Sends SDK version + wanted functions; remembers what the server offers. */
  async negotiate(): Promise<ServerFunctions & { missing: string[] }> {
    const server = await this.http.request<ServerFunctions & { missing: string[] }>(
      "POST",
      "/api/security/functions",
      { sdkVersion: SDK_VERSION, functions: this.wants.map((name) => ({ name, version: SDK_FUNCTIONS[name] })) },
      { idempotent: true },
    );
    this.server = server;
    return server;
  }

  get serverFunctions(): (ServerFunctions & { missing: string[] }) | undefined {
    return this.server;
  }

  /** Throws SEC_FUNCTION_UNKNOWN unless the server offers `name` at the version this SDK speaks. */
  requireFunction(name: string): void {
    if (!this.server) throw SdkError.of("AUTH_REQUIRED", "log in first: the function list comes with the session");
    const f = this.server.functions.find((x) => x.name === name);
    const want = (SDK_FUNCTIONS as Record<string, number>)[name];
    if (!f || (want !== undefined && f.version < want)) {
      throw SdkError.of("SEC_FUNCTION_UNKNOWN", `${name}${want ? ` v${want}` : ""} is not offered by server API ${this.server.apiVersion} (offers: ${this.server.functions.map((x) => `${x.name} v${x.version}`).join(", ")})`);
    }
  }

  /** Calls a security-service function by name (POST /api/security/<name>). */
  async call<R>(name: string, body: unknown): Promise<R> {
    this.requireFunction(name);
    return this.http.request<R>("POST", `/api/security/${name}`, body, { idempotent: IDEMPOTENT_FUNCTIONS.has(name) });
  }

  // ---- certificate authentication (身份认证) ---------------------------------

  /**
   * Proves possession of a token key to the server: fetch a one-time
   * challenge, sign it on the token, have the server check signature, chain,
   * validity and revocation. Returns who the certificate says you are.
   */
  async authenticate(token: Token, keyId?: string): Promise<T.AuthResult> {
    this.requireFunction("authenticate");
    const key = keyId ? (await token.list()).find((k) => k.id === keyId) : await defaultKey(token);
    if (!key?.certificate) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", keyId ?? "no certified key");
    const ch = await this.http.request<{ challengeId: string; challenge: string }>("POST", "/api/security/authenticate/challenge", {});
    const signer = await token.signer(key.id);
    const signature = await signer.sign(fromBase64(ch.challenge));
    return this.http.request("POST", "/api/security/authenticate", { challengeId: ch.challengeId, signature: toBase64(signature), certificate: toBase64(key.certificate) });
  }

  // ---- client-side signing (the key never leaves the token) -----------------

  /** CMS SignedData over `content`, built here and signed on the token. */
  async signDocument(token: Token, content: Uint8Array, opts: { keyId?: string; detached?: boolean; chain?: Uint8Array[] } = {}): Promise<Uint8Array> {
    const key = opts.keyId ? (await token.list()).find((k) => k.id === opts.keyId) : await defaultKey(token);
    if (!key?.certificate) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", opts.keyId ?? "no certified key");
    const signer = await token.signer(key.id);
    return coded(() => signCms(signer, content, { certificate: key.certificate!, ...(opts.chain ? { chain: opts.chain } : {}), detached: opts.detached ?? false, signingTime: this.now(), gm: this.gm }));
  }

  /** A bid as canonical JSON (sorted keys), signed attached: the server stores exactly these bytes. */
  async signBid(token: Token, bid: T.Bid, opts: { keyId?: string } = {}): Promise<{ cms: Uint8Array; content: Uint8Array }> {
    const content = utf8(canonicalJson(bid));
    return { cms: await this.signDocument(token, content, { ...opts, detached: false }), content };
  }

  // ---- receipts ---------------------------------------------------------------

  /** The CA certificates the server publishes as trust anchors (cached for the client's life). */
  async trustAnchors(): Promise<Uint8Array[]> {
    if (!this.trust) {
      this.requireFunction("verify");
      const t = await this.http.request<{ certificates: string[] }>("GET", "/api/security/trust");
      this.trust = t.certificates.flatMap((pem) => pemBlocks(pem));
    }
    return this.trust;
  }

  /**
   * Checks a receipt the server signed (CMS SignedData) without asking the
   * server: signature, then signer chain to the published anchors at the
   * signing time. Throws SdkError (SEC_SIG_INVALID, SEC_CHAIN_UNTRUSTED, …).
   */
  async verifyReceipt(cms: Uint8Array, opts: { content?: Uint8Array; anchors?: Uint8Array[] } = {}): Promise<CmsVerification> {
    const v = await verifyCms(cms, { gm: this.gm, ...(opts.content ? { content: opts.content } : {}) });
    await checkChain(v.signer.der, v.certificates, opts.anchors ?? (await this.trustAnchors()), v.signingTime ?? this.now(), this.gm);
    return v;
  }

  // ---- envelopes (数字信封) -----------------------------------------------------

  /** Encrypts here to the recipients' certificates (P-256/RSA: CMS; SM2: GM/T 0010). */
  async seal(content: Uint8Array, recipients: Uint8Array[], opts: { contentCipher?: "aes-256-gcm" | "aes-256-cbc" } = {}): Promise<{ cms: Uint8Array; contentCipher: ContentCipher }> {
    const e = await coded(() => encryptEnvelope(content, recipients, { gm: this.gm, ...opts }));
    return { cms: e.der, contentCipher: e.contentCipher };
  }

  /** Opens an envelope with an encryption key on the token. */
  async open(token: Token, cms: Uint8Array, keyId?: string): Promise<Uint8Array> {
    const keys = (await token.list()).filter((k) => k.certificate && (keyId ? k.id === keyId : k.purpose === "encrypt"));
    if (!keys.length) throw SdkError.of("SEC_TOKEN_KEY_NOT_FOUND", "no encryption key with a certificate on the token");
    const holders = await Promise.all(keys.map(async (k) => ({ certificate: k.certificate!, decrypter: await token.decrypter(k.id) })));
    return (await coded(() => decryptEnvelope(cms, holders, { gm: this.gm }))).content;
  }

  // ---- server functions ---------------------------------------------------------

  readonly api = {
    sign: (req: T.SignRequest) => this.call<T.SignResponse>("sign", req),
    verify: (req: T.VerifyRequest) => this.call<T.VerifyResponse>("verify", req),
    encrypt: (req: T.EncryptRequest) => this.call<T.EncryptResponse>("encrypt", req),
    decrypt: (req: T.DecryptRequest) => this.call<T.DecryptResponse>("decrypt", req),
    validate: (req: T.ValidateRequest) => this.call<T.ValidateResponse>("validate", req),
  };
}
