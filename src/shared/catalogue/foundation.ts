/** Foundation: validation, auth, config, storage, audit, CLI. */
import type { ErrorSpec } from "../error-spec.js";

export const FOUNDATION_ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    zh: "请求内容不符合要求",
    en: "The request did not pass validation",
    remedy: { zh: "按 errors 字段逐项更正后重试。", en: "Correct each field listed in `errors` and retry." },
  },
  REQUEST_MALFORMED: {
    status: 400,
    zh: "请求格式错误，无法解析",
    en: "The request body could not be parsed",
    remedy: { zh: "检查请求体是否为合法的 JSON。", en: "Check that the body is well-formed JSON." },
  },
  BODY_TOO_LARGE: {
    status: 413,
    zh: "请求内容过大",
    en: "The request body is too large",
    remedy: { zh: "缩小上传内容，或联系管理员。", en: "Send a smaller body, or ask an administrator." },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: "不支持的内容类型",
    en: "Unsupported content type",
    remedy: { zh: "使用 application/json 提交。", en: "Send application/json." },
  },
  NOT_FOUND: { status: 404, zh: "请求的资源不存在", en: "The requested resource does not exist" },
  AUTH_REQUIRED: {
    status: 401,
    zh: "请先登录",
    en: "Please log in first",
    remedy: { zh: "重新登录后再操作。", en: "Log in again, then retry." },
  },
  AUTH_BAD_CREDENTIALS: {
    status: 401,
    zh: "用户名或密码错误",
    en: "Wrong user name or password",
    remedy: {
      zh: "核对用户名和密码；多次失败后帐户将被临时锁定。",
      en: "Check the user name and password; repeated failures lock the account for a while.",
    },
  },
  AUTH_THROTTLED: {
    status: 429,
    zh: "登录失败次数过多，请稍后再试",
    en: "Too many failed logins; try again later",
    remedy: { zh: "等待 Retry-After 指示的时间后再试，或联系管理员。", en: "Wait for the Retry-After period, or contact an administrator." },
  },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    zh: "登录已过期",
    en: "Your session has expired",
    remedy: { zh: "重新登录。", en: "Log in again." },
  },
  AUTH_ACCOUNT_DISABLED: {
    status: 403,
    zh: "帐户已停用",
    en: "This account is disabled",
    remedy: { zh: "联系系统管理员。", en: "Contact the system administrator." },
  },
  AUTH_CSRF_INVALID: {
    status: 403,
    zh: "请求校验失败（CSRF）",
    en: "Request verification failed (CSRF)",
    remedy: { zh: "刷新页面后重试。", en: "Reload the page and retry." },
  },
  AUTH_FORBIDDEN: {
    status: 403,
    zh: "无权执行此操作",
    en: "You are not allowed to do this",
    remedy: { zh: "请使用具有相应角色的帐户。", en: "Use an account with the required role." },
  },
  USER_EXISTS: { status: 409, zh: "用户名已存在", en: "That user name is already taken" },
  USER_NOT_FOUND: { status: 404, zh: "用户不存在", en: "No such user" },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: "密码强度不足",
    en: "The password is too weak",
    remedy: {
      zh: "密码至少 10 位，且同时包含字母和数字。",
      en: "Use at least 10 characters with both letters and digits.",
    },
  },
  ROLE_UNKNOWN: { status: 400, zh: "未知的角色", en: "Unknown role" },
  CONFIG_INVALID: {
    status: 500,
    zh: "配置无效",
    en: "The configuration is invalid",
    remedy: { zh: "按提示逐项更正环境变量或 landtrade.config.json。", en: "Fix each listed environment variable or landtrade.config.json key." },
  },
  DB_UNAVAILABLE: {
    status: 503,
    zh: "数据库不可用",
    en: "The database is unavailable",
    remedy: { zh: "检查数据库服务与 DATABASE_URL。", en: "Check the database server and DATABASE_URL." },
  },
  MIGRATIONS_PENDING: {
    status: 503,
    zh: "数据库结构未更新到当前版本",
    en: "Database migrations are pending",
    remedy: { zh: "运行 landtrade migrate。", en: "Run `landtrade migrate`." },
  },
  MIGRATION_FAILED: { status: 500, zh: "数据库迁移失败", en: "A database migration failed" },
  AUDIT_CHAIN_BROKEN: {
    status: 500,
    zh: "审计日志链校验失败，记录可能被篡改",
    en: "The audit chain does not verify; records may have been tampered with",
    remedy: {
      zh: "立即按紧急事件处理：保全数据库，从最近一次校验通过的备份比对。",
      en: "Treat as a critical incident: preserve the database and compare with the last verified backup.",
    },
  },
  CLI_USAGE: { status: 400, zh: "命令参数错误", en: "Bad command-line arguments" },
  INTERNAL_ERROR: {
    status: 500,
    zh: "服务器内部错误",
    en: "Internal server error",
    remedy: { zh: "请记下请求编号并联系技术支持。", en: "Note the request id and contact technical support." },
  },
} as const satisfies Record<string, ErrorSpec>;
