/** Operations and continuity: backup, restore, upgrade guard, embedded database, probes, nodes, failover. */
import type { ErrorSpec } from "../error-spec.js";

export const OPS_ERRORS = {
  OPS_BACKUP_FILE_NOT_FOUND: {
    status: 404,
    zh: "找不到备份文件",
    en: "The backup file was not found",
    remedy: { zh: "检查文件路径；备份默认保存在数据目录的 backups/ 下。", en: "Check the path; backups are written to backups/ in the data directory by default." },
  },
  OPS_BACKUP_OUTPUT_EXISTS: {
    status: 409,
    zh: "备份输出文件已存在，未覆盖",
    en: "The backup output file already exists and was not overwritten",
    remedy: { zh: "指定另一个 --out 文件名，或先移走旧文件。", en: "Give another --out file name, or move the old file away first." },
  },
  OPS_BACKUP_CORRUPT: {
    status: 422,
    zh: "备份文件损坏或不完整",
    en: "The backup file is damaged or incomplete",
    cause: {
      zh: "文件在复制或存储时被截断或改动（哈希、压缩校验或归档结构不符）。",
      en: "The file was truncated or altered while being copied or stored (a hash, the compression checksum or the archive structure does not match).",
    },
    remedy: { zh: "改用另一份备份；用 landtrade backup verify 检查每份备份。数据库未被改动。", en: "Use another copy; check each copy with `landtrade backup verify`. Nothing in the database was changed." },
  },
  OPS_BACKUP_FORMAT_UNSUPPORTED: {
    status: 422,
    zh: "不支持的备份格式",
    en: "Unsupported backup format",
    remedy: { zh: "该文件不是 landtrade 备份，或来自不兼容的版本。", en: "The file is not a landtrade backup, or comes from an incompatible version." },
  },
  OPS_BACKUP_SCHEMA_NEWER: {
    status: 409,
    zh: "备份来自更新的数据库结构版本，本程序无法恢复",
    en: "The backup comes from a newer database schema than this program knows",
    remedy: { zh: "先把 landtrade 升级到创建该备份的版本（或更新），再恢复。数据库未被改动。", en: "Upgrade landtrade to the version that made the backup (or newer), then restore. Nothing was changed." },
  },
  OPS_BACKUP_SCHEMA_MISMATCH: {
    status: 409,
    zh: "备份的数据库结构与本程序的迁移不一致",
    en: "The backup's schema does not match this program's migrations",
    remedy: { zh: "用创建该备份的同一版本恢复。数据库未被改动。", en: "Restore with the version that made the backup. Nothing was changed." },
  },
  OPS_BACKUP_SIGNATURE_INVALID: {
    status: 422,
    zh: "备份清单签名无效，备份可能被篡改",
    en: "The backup manifest's signature does not verify; the backup may have been altered",
    remedy: { zh: "不要使用该备份；改用另一份并上报安全事件。", en: "Do not use this backup; use another copy and report a security incident." },
  },
  OPS_BACKUP_SIGNER_UNTRUSTED: {
    status: 422,
    zh: "备份由未知的签名密钥签署",
    en: "The backup was signed by a key this installation does not know",
    remedy: {
      zh: "核对错误详情中的签名密钥指纹与备份登记记录一致后，用 --signer <指纹> 重试。",
      en: "Check the signer fingerprint in the detail against your backup records, then retry with --signer <fingerprint>.",
    },
  },
  OPS_BACKUP_KEY_PASSPHRASE: {
    status: 422,
    zh: "密钥口令错误：无法解密备份中的加密私钥文件",
    en: "Wrong key passphrase: the encrypted private-key files in the backup cannot be decrypted",
    remedy: {
      zh: "提供创建备份时系统使用的密钥口令（LANDTRADE_KEY_PASSPHRASE 或 --passphrase-stdin）。数据库未被改动。",
      en: "Give the key passphrase of the installation that made the backup (LANDTRADE_KEY_PASSPHRASE or --passphrase-stdin). Nothing was changed.",
    },
  },
  OPS_BACKUP_PLAINTEXT_KEY: {
    status: 500,
    zh: "数据目录中有未加密的私钥文件，拒绝写入备份",
    en: "An unencrypted private key was found in the data directory; the backup refuses to include it",
    remedy: { zh: "把该密钥加密（PKCS#8 加密）或移出数据目录后重试。", en: "Encrypt the key (encrypted PKCS#8) or move it out of the data directory, then retry." },
  },
  OPS_BACKUP_VERIFY_FAILED: {
    status: 422,
    zh: "备份恢复验证未通过",
    en: "The backup failed its restore verification",
    remedy: { zh: "查看详情中失败的检查项；不要依赖该备份，立即重新备份。", en: "See the failed checks in the detail; do not rely on this backup and make a new one now." },
  },
  OPS_RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    zh: "目标数据库已有数据，未恢复",
    en: "The target database already holds data; nothing was restored",
    remedy: { zh: "确认要用备份替换现有数据后，加 --force 重试（先备份现有数据）。", en: "If you mean to replace the existing data with the backup, back it up first, then retry with --force." },
  },
  OPS_RESTORE_FAILED: {
    status: 500,
    zh: "恢复失败，已回滚，目标数据库保持原状",
    en: "The restore failed and was rolled back; the target database is unchanged",
    remedy: { zh: "查看详情并联系技术支持。", en: "See the detail and contact technical support." },
  },
  OPS_UPGRADE_BACKUP_REQUIRED: {
    status: 409,
    zh: "升级数据库结构前需要一份已验证的最新备份",
    en: "A recent verified backup is required before upgrading the database schema",
    remedy: {
      zh: "运行 landtrade backup create，再运行 landtrade backup verify <文件>，然后重新升级；确有必要时用 --force 跳过。",
      en: "Run `landtrade backup create`, then `landtrade backup verify <file>`, then upgrade again; use --force only if you must.",
    },
  },
  OPS_EMBEDDED_DB_IN_USE: {
    status: 409,
    zh: "嵌入式数据库正被另一个 landtrade 进程使用",
    en: "The embedded database is in use by another landtrade process",
    cause: {
      zh: "嵌入式 PGlite 只允许一个进程打开；两个进程同时写同一数据目录会损坏数据库。",
      en: "Embedded PGlite allows one process at a time; two processes writing one data directory would corrupt it.",
    },
    remedy: {
      zh: "先停止正在运行的服务；或在运维页面/接口中执行备份。若确认没有进程在运行，删除详情中提到的锁文件。",
      en: "Stop the running server first, or run the backup from the ops dashboard/API. If no process is running, delete the lock file named in the detail.",
    },
  },
  OPS_PROBE_UNKNOWN: {
    status: 404,
    zh: "没有这个健康探针",
    en: "No such health probe",
    remedy: { zh: "用 GET /api/ops/overview 查看探针列表。", en: "See the probe list at GET /api/ops/overview." },
  },
  OPS_NOT_LEADER: {
    status: 503,
    zh: "本节点是备用节点：证书签发和 OCSP/时间戳签名由主节点处理",
    en: "This node is a standby: issuance and OCSP/time-stamp signing are done by the primary node",
    cause: {
      zh: "多节点部署中只有持有主节点租约的节点签名（防止脑裂）；主节点故障时备用节点在几秒内自动接管。",
      en: "In a multi-node deployment only the node holding the leader lease signs (no split brain); when the primary fails a standby takes over within seconds.",
    },
    remedy: { zh: "稍后重试（Retry-After 秒）；负载均衡器会把请求转给主节点。", en: "Retry after Retry-After seconds; the load balancer forwards the request to the primary." },
  },
} as const satisfies Record<string, ErrorSpec>;
