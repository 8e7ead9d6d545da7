/** Knowledge base, help centre and the bidders' self-diagnosis. */
import type { ErrorSpec } from "../error-spec.js";

export const KB_ERRORS = {
  KB_ARTICLE_NOT_FOUND: {
    status: 404,
    zh: "知识库文章不存在或未公开",
    en: "No such knowledge-base article, or it is not published",
    remedy: { zh: "从帮助中心首页或搜索重新查找。", en: "Find it again from the help centre or its search." },
  },
  KB_VERSION_NOT_FOUND: { status: 404, zh: "文章没有该版本", en: "The article has no such version" },
  KB_SLUG_TAKEN: {
    status: 409,
    zh: "文章地址（slug）已被占用",
    en: "That article address (slug) is already taken",
    remedy: { zh: "换一个 slug，或编辑已有的文章。", en: "Choose another slug, or edit the existing article." },
  },
  KB_VERSION_CONFLICT: {
    status: 409,
    zh: "文章已被他人修改，您的修改基于旧版本",
    en: "Someone else changed the article; your edit is based on an older version",
    remedy: { zh: "刷新后在最新版本上重新修改。", en: "Reload, then make your change on the latest version." },
  },
  KB_ALREADY_PUBLISHED: { status: 409, zh: "该版本已是发布版本", en: "That version is already the published one" },
  KB_NOT_PUBLISHED: { status: 409, zh: "文章当前未发布", en: "The article is not published" },
  KB_RELATED_UNKNOWN: {
    status: 400,
    zh: "关联文章不存在",
    en: "A linked article does not exist",
    remedy: { zh: "只能关联已存在的文章（不能关联自身）。", en: "Link only to existing articles (not to the article itself)." },
  },
  KB_MANAGED_FIELD: {
    status: 409,
    zh: "错误代码处置手册的代码和生成部分由错误目录维护，不能修改",
    en: "An error-code runbook's code and generated part come from the error catalogue and cannot be changed",
    remedy: {
      zh: "只修改“补充说明”；原因与处理办法请在 src/shared/catalogue 中修改。",
      en: "Edit only the additions; change cause and remedy in src/shared/catalogue.",
    },
  },
  KB_QUERY_INVALID: {
    status: 400,
    zh: "搜索词中没有可检索的文字",
    en: "The search has no words that can be searched for",
    cause: {
      zh: "搜索词只含标点、空白或运算符号，或全部是“的、如何”之类的虚词。",
      en: "The query holds only punctuation, spaces or operator characters, or only function words.",
    },
    remedy: { zh: "输入中文或英文关键词，例如“证书吊销”“驱动安装”。", en: "Enter Chinese or English keywords, e.g. 证书吊销 or “driver install”." },
  },
  KB_FILE_TOO_LARGE: {
    status: 413,
    zh: "上传的文件超过大小限制",
    en: "The uploaded file is over the size limit",
    remedy: {
      zh: "压缩文件，或请管理员调整 LANDTRADE_KB_MAX_FILE_BYTES。",
      en: "Compress the file, or ask an administrator to raise LANDTRADE_KB_MAX_FILE_BYTES.",
    },
  },
  KB_FILE_EMPTY: { status: 400, zh: "上传的文件为空", en: "The uploaded file is empty", remedy: { zh: "选择正确的文件后重新上传。", en: "Pick the right file and upload again." } },
  KB_FILE_NOT_FOUND: { status: 404, zh: "下载文件不存在或已撤下", en: "No such download, or it has been withdrawn" },
  KB_FILE_KIND: {
    status: 409,
    zh: "只有“驱动下载”类文章可以附带下载文件",
    en: "Only driver-download articles carry files",
    remedy: { zh: "在驱动下载文章中上传文件。", en: "Upload the file to a driver-download article." },
  },
  KB_FILE_CORRUPT: {
    status: 500,
    zh: "存储的下载文件与登记的 SHA-256 不符，已停止提供",
    en: "A stored download does not match its recorded SHA-256 and is not served",
    cause: { zh: "数据目录中的文件丢失或被改动。", en: "The file in the data directory is missing or was altered." },
    remedy: { zh: "按紧急事件处理：重新上传该文件，并检查数据目录的完整性。", en: "Treat as an incident: upload the file again and check the data directory's integrity." },
  },
  KB_DIAG_CERT_INVALID: {
    status: 400,
    zh: "无法识别该证书",
    en: "The certificate could not be read",
    cause: { zh: "粘贴的内容不是 PEM 或 Base64 编码的 X.509 证书，或内容不完整。", en: "The text is not a PEM or Base64 X.509 certificate, or it is incomplete." },
    remedy: {
      zh: "从证书管理工具导出 .cer/.pem 文件（含 BEGIN CERTIFICATE 行）后完整粘贴。",
      en: "Export the .cer/.pem file (with the BEGIN CERTIFICATE line) from your certificate tool and paste all of it.",
    },
  },
} as const satisfies Record<string, ErrorSpec>;
