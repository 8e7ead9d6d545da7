/**
 * Configuration: the ONLY reader of process.env. Values come from an optional
 * landtrade.config.json (in the working directory, or LANDTRADE_CONFIG) and
 * are overridden by environment variables. Everything is validated at once so
 * a bad config stops start-up with one message listing every invalid key.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../shared/errors.js";

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const configSchema = z
  .object({
    dataDir: z.string().min(1).default("./data"),
    host: z.string().min(1).default("127.0.0.1"),
    port: port.default(8080),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    publicUrl: z.url().optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    sessionTtlMinutes: z.coerce.number().int().min(5).max(24 * 60).default(480),
    loginMaxFailures: z.coerce.number().int().min(1).max(100).default(5),
    loginLockMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
    bodyLimitBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    secureCookies: bool.default(false),
    // PKI: where CA/OCSP/TSA private keys live, and how SM2 identifies signers.
    keyStore: z.enum(["file", "pkcs11"]).default("file"),
    /** Passphrase of the encrypted PKCS#8 key files; absent = a random one kept in <dataDir>/keys/.passphrase (0600). */
    keyPassphrase: z.string().min(12).optional(),
    pkcs11Module: z.string().min(1).optional(),
    pkcs11Slot: z.coerce.number().int().min(0).optional(),
    pkcs11TokenLabel: z.string().min(1).optional(),
    pkcs11Pin: z.string().min(1).optional(),
    sm2UserId: z.string().min(1).max(64).default("1234567812345678"),
    /** Validity of bidder / server certificates issued by the sub-CA, in days. */
    certValidityDays: z.coerce.number().int().min(1).max(3650).default(730),
    /** Hours between CRL issues (nextUpdate = thisUpdate + this). */
    crlValidityHours: z.coerce.number().int().min(1).max(24 * 30).default(24),
    // Operations.
    /** Where `backup create` writes by default; absent = <dataDir>/backups. */
    backupDir: z.string().min(1).optional(),
    /** A schema upgrade needs a verified backup at most this old (hours). */
    backupMaxAgeHours: z.coerce.number().min(0.01).max(24 * 365).default(24),
    /** Embedded database: fsync at each commit (durable across power loss). */
    pgliteFsync: bool.default(true),
    /** Several nodes on one PostgreSQL: only the leader-lease holder signs (issuance, CRL, OCSP, TSA); standbys take over. */
    issuanceFailover: bool.default(false),
    /** Leader lease length: a dead primary is replaced within about this long (plus one beat). */
    leaderLeaseSeconds: z.coerce.number().min(1).max(300).default(5),
    /** A primary whose key store or CA round-trip probe fails this many times in a row steps down (failover on). */
    leaderStepDownFailures: z.coerce.number().int().min(1).max(20).default(3),
    /** Minutes between audit-chain anchors (a TSA token over the chain head), run by the primary. */
    auditAnchorMinutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
    /** Health probes: seconds between runs of the cheap probes. */
    probeIntervalSeconds: z.coerce.number().int().min(5).max(3600).default(60),
    /** Minutes between runs of the probes that leave records (test certificate, timestamp). */
    probeRecordingIntervalMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
    /** Consecutive failures before a probe opens an incident (1 = at once). */
    probeFailuresBeforeIncident: z.coerce.number().int().min(1).max(20).default(2),
    /** Days of probe history kept. */
    probeHistoryDays: z.coerce.number().int().min(1).max(3650).default(14),
    /** Database round trip above this fails the db.latency probe (ms). */
    probeDbLatencyMs: z.coerce.number().int().min(1).max(60_000).default(1000),
    /** Security-service error share (non-OK calls over 5 minutes) above this fails its probe. */
    probeSecurityErrorRate: z.coerce.number().min(0).max(1).default(0.2),
    /** RA: hours a one-time enrollment code stays valid. */
    raCodeTtlHours: z.coerce.number().int().min(1).max(24 * 30).default(72),
    /** RA: mailbox that receives certificate-expiry notices along with each holder. */
    raNotifyEmail: z.email().default("ra@landtrade.invalid"),
    // Support desk mail (README "Mail setup").
    /** Port of the built-in SMTP listener that turns e-mails into incidents; absent = no listener. */
    smtpListenPort: port.optional(),
    smtpListenHost: z.string().min(1).default("127.0.0.1"),
    /** smtp://[user:pass@]host:port or smtps://… for outgoing mail; absent = mails stay in the outbox as "not sent". */
    smtpRelayUrl: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
    /** Sender of outgoing mail; its domain also names Message-IDs. */
    mailFrom: z.string().min(3).max(200).default("长沙县国土资源局客户服务中心 <support@landtrade.local>"),
    /** Largest incoming e-mail accepted by the listener. */
    mailMaxBytes: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    /** Largest incident attachment (uploads and mail attachments). */
    supportAttachmentMaxBytes: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(2 * 1024 * 1024),
    /** SLA calendar: 24x7 (seed: 7×24 support) or business (Beijing office hours). */
    supportCalendar: z.enum(["24x7", "business"]).default("24x7"),
    /** Public incident reports accepted per client address per hour. */
    publicIncidentRateLimit: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Concurrent signing sessions on the PKCS#11 token. */
    pkcs11Sessions: z.coerce.number().int().min(1).max(64).default(4),
    // EST enrollment (RFC 7030).
    /** HTTPS listener for EST with TLS client-certificate authentication (renewal); absent = no HTTPS listener. */
    estTlsPort: port.optional(),
    /** Renewal over plain HTTP: "same-key" accepts a request signed by the current certificate's own key; "off" requires the HTTPS listener. */
    estHttpReenroll: z.enum(["same-key", "off"]).default("same-key"),
    /** Lifetime of a one-time enrollment code, in hours. */
    enrollmentCodeTtlHours: z.coerce.number().int().min(1).max(720).default(72),
    /** Wrong codes before an enrollment grant locks. */
    enrollmentMaxFailures: z.coerce.number().int().min(1).max(20).default(5),
    // Certificate path validation: revocation of external CAs' certificates (OCSP, then CRL).
    /** "hard": no revocation status → not valid; "soft": valid with a warning. */
    revocationFailMode: z.enum(["hard", "soft"]).default("hard"),
    /** Longest reuse of a fetched OCSP answer or CRL (never beyond its nextUpdate): a revocation is seen within this window. */
    revocationCacheSeconds: z.coerce.number().int().min(0).max(86_400).default(300),
    /** Revocation information older than this (by thisUpdate) is not accepted. */
    revocationMaxAgeSeconds: z.coerce.number().int().min(60).max(30 * 86_400).default(7 * 86_400),
    /** Timeout of one OCSP or CRL fetch. */
    revocationTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(5000),
    // Security service: payload limit per call, how long a validation result may be reused
    // (a revocation is seen within this window), and what "revocation unknown" means.
    securityMaxPayloadBytes: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
    securityFreshnessSeconds: z.coerce.number().int().min(0).max(24 * 3600).default(60),
    securityRevocationMode: z.enum(["hard", "soft"]).default("hard"),
    securityChallengeTtlSeconds: z.coerce.number().int().min(10).max(3600).default(120),
    /** HMAC-SHA256 secret shared with the bank for deposit-arrival callbacks; absent = callback disabled. */
    bankCallbackSecret: z.string().min(32).optional(),
    /** Largest knowledge-base download file (driver packages), in bytes. */
    kbMaxFileBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(64 * 1024 * 1024),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.keyStore === "pkcs11" && !c.pkcs11Module) ctx.addIssue({ code: "custom", path: ["pkcs11Module"], message: "required when keyStore is pkcs11" });
    if (c.keyStore === "pkcs11" && !c.pkcs11Pin) ctx.addIssue({ code: "custom", path: ["pkcs11Pin"], message: "required when keyStore is pkcs11" });
  });

export type Config = z.infer<typeof configSchema>;

/** Environment variable → config key. */
export const ENV_KEYS: Record<string, keyof Config> = {
  LANDTRADE_DATA_DIR: "dataDir",
  LANDTRADE_HOST: "host",
  LANDTRADE_PORT: "port",
  DATABASE_URL: "databaseUrl",
  LANDTRADE_PUBLIC_URL: "publicUrl",
  LANDTRADE_LOG_LEVEL: "logLevel",
  LANDTRADE_SESSION_TTL_MINUTES: "sessionTtlMinutes",
  LANDTRADE_LOGIN_MAX_FAILURES: "loginMaxFailures",
  LANDTRADE_LOGIN_LOCK_MINUTES: "loginLockMinutes",
  LANDTRADE_BODY_LIMIT_BYTES: "bodyLimitBytes",
  LANDTRADE_SECURE_COOKIES: "secureCookies",
  LANDTRADE_KEY_STORE: "keyStore",
  LANDTRADE_KEY_PASSPHRASE: "keyPassphrase",
  LANDTRADE_PKCS11_MODULE: "pkcs11Module",
  LANDTRADE_PKCS11_SLOT: "pkcs11Slot",
  LANDTRADE_PKCS11_TOKEN_LABEL: "pkcs11TokenLabel",
  LANDTRADE_PKCS11_PIN: "pkcs11Pin",
  LANDTRADE_SM2_USER_ID: "sm2UserId",
  LANDTRADE_CERT_VALIDITY_DAYS: "certValidityDays",
  LANDTRADE_CRL_VALIDITY_HOURS: "crlValidityHours",
  LANDTRADE_BACKUP_DIR: "backupDir",
  LANDTRADE_BACKUP_MAX_AGE_HOURS: "backupMaxAgeHours",
  LANDTRADE_PGLITE_FSYNC: "pgliteFsync",
  LANDTRADE_ISSUANCE_FAILOVER: "issuanceFailover",
  LANDTRADE_LEADER_LEASE_SECONDS: "leaderLeaseSeconds",
  LANDTRADE_LEADER_STEP_DOWN_FAILURES: "leaderStepDownFailures",
  LANDTRADE_AUDIT_ANCHOR_MINUTES: "auditAnchorMinutes",
  LANDTRADE_PROBE_INTERVAL_SECONDS: "probeIntervalSeconds",
  LANDTRADE_PROBE_RECORDING_INTERVAL_MINUTES: "probeRecordingIntervalMinutes",
  LANDTRADE_PROBE_FAILURES_BEFORE_INCIDENT: "probeFailuresBeforeIncident",
  LANDTRADE_PROBE_HISTORY_DAYS: "probeHistoryDays",
  LANDTRADE_PROBE_DB_LATENCY_MS: "probeDbLatencyMs",
  LANDTRADE_PROBE_SECURITY_ERROR_RATE: "probeSecurityErrorRate",
  LANDTRADE_RA_CODE_TTL_HOURS: "raCodeTtlHours",
  LANDTRADE_RA_NOTIFY_EMAIL: "raNotifyEmail",
  LANDTRADE_SMTP_LISTEN_PORT: "smtpListenPort",
  LANDTRADE_SMTP_LISTEN_HOST: "smtpListenHost",
  LANDTRADE_SMTP_RELAY_URL: "smtpRelayUrl",
  LANDTRADE_MAIL_FROM: "mailFrom",
  LANDTRADE_MAIL_MAX_BYTES: "mailMaxBytes",
  LANDTRADE_SUPPORT_ATTACHMENT_MAX_BYTES: "supportAttachmentMaxBytes",
  LANDTRADE_SUPPORT_CALENDAR: "supportCalendar",
  LANDTRADE_PUBLIC_INCIDENT_RATE_LIMIT: "publicIncidentRateLimit",
  LANDTRADE_PKCS11_SESSIONS: "pkcs11Sessions",
  LANDTRADE_EST_TLS_PORT: "estTlsPort",
  LANDTRADE_EST_HTTP_REENROLL: "estHttpReenroll",
  LANDTRADE_ENROLLMENT_CODE_TTL_HOURS: "enrollmentCodeTtlHours",
  LANDTRADE_ENROLLMENT_MAX_FAILURES: "enrollmentMaxFailures",
  LANDTRADE_REVOCATION_FAIL_MODE: "revocationFailMode",
  LANDTRADE_REVOCATION_CACHE_SECONDS: "revocationCacheSeconds",
  LANDTRADE_REVOCATION_MAX_AGE_SECONDS: "revocationMaxAgeSeconds",
  LANDTRADE_REVOCATION_TIMEOUT_MS: "revocationTimeoutMs",
  LANDTRADE_SECURITY_MAX_PAYLOAD_BYTES: "securityMaxPayloadBytes",
  LANDTRADE_SECURITY_FRESHNESS_SECONDS: "securityFreshnessSeconds",
  LANDTRADE_SECURITY_REVOCATION_MODE: "securityRevocationMode",
  LANDTRADE_SECURITY_CHALLENGE_TTL_SECONDS: "securityChallengeTtlSeconds",
  LANDTRADE_BANK_CALLBACK_SECRET: "bankCallbackSecret",
  LANDTRADE_KB_MAX_FILE_BYTES: "kbMaxFileBytes",
};

const keyToEnv = Object.fromEntries(Object.entries(ENV_KEYS).map(([env, key]) => [key, env]));

export interface ConfigSource {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Overrides applied last (tests, CLI flags). */
  overrides?: Partial<Record<keyof Config, unknown>>;
}

export function loadConfig(source: ConfigSource = {}): Config {
  const env = source.env ?? process.env;
  const cwd = source.cwd ?? process.cwd();
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];

  const file = env.LANDTRADE_CONFIG ? path.resolve(cwd, env.LANDTRADE_CONFIG) : path.join(cwd, "landtrade.config.json");
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) problems.push(`${file}: must hold a JSON object`);
      else Object.assign(raw, parsed);
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
    }
  } else if (env.LANDTRADE_CONFIG) {
    problems.push(`LANDTRADE_CONFIG: file not found: ${file}`);
  }

  for (const [envName, key] of Object.entries(ENV_KEYS)) {
    const v = env[envName];
    if (v !== undefined && v !== "") raw[key] = v;
  }
  Object.assign(raw, source.overrides ?? {});

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "(root)");
      const envName = keyToEnv[String(issue.path[0])];
      problems.push(`${key}${envName ? ` (${envName})` : ""}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new AppError("CONFIG_INVALID", { detail: problems.join("; "), extra: { problems } });
  }
  return result.data;
}
