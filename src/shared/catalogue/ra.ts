/** RA account system: applicants, applications, enrollment codes, USB keys, key escrow, certificate login. */
import type { ErrorSpec } from "../error-spec.js";

const zhen = (zh: string, en: string) => ({ zh, en });

export const RA_ERRORS = {
  // ---- applicants and documents ------------------------------------------------
  RA_RESIDENT_ID_INVALID: {
    status: 400,
    zh: "公民身份号码无效",
    en: "The resident ID number is invalid",
    cause: zhen("号码应为 18 位（末位可为 X），含有效的行政区划、出生日期，并通过 GB 11643 校验码检查。", "The number must have 18 characters (the last may be X), a valid region and birth date, and pass the GB 11643 check character."),
    remedy: zhen("对照身份证原件重新录入。", "Re-enter the number from the original identity card."),
  },
  RA_USCC_INVALID: {
    status: 400,
    zh: "统一社会信用代码无效",
    en: "The unified social credit code is invalid",
    cause: zhen("代码应为 18 位（不含 I、O、S、V、Z），并通过 GB 32100 校验码检查。", "The code must have 18 characters (no I, O, S, V, Z) and pass the GB 32100 check character."),
    remedy: zhen("对照营业执照原件重新录入。", "Re-enter the code from the original business licence."),
  },
  RA_APPLICANT_EXISTS: {
    status: 409,
    zh: "该证件号码的申请人已登记",
    en: "An applicant with this ID number or credit code is already registered",
    remedy: zhen("在受理台搜索该申请人并使用已有记录。", "Search for the applicant at the desk and use the existing record."),
  },
  RA_APPLICANT_NOT_FOUND: { status: 404, zh: "申请人不存在", en: "No such applicant" },
  RA_DOCUMENT_TYPE: {
    status: 415,
    zh: "不支持的扫描件格式",
    en: "Unsupported scan format",
    remedy: zhen("上传 JPEG、PNG 或 PDF 格式的扫描件。", "Upload the scan as JPEG, PNG or PDF."),
  },
  RA_DOCUMENT_TOO_LARGE: {
    status: 413,
    zh: "扫描件过大",
    en: "The scan is too large",
    remedy: zhen("每个扫描件不得超过 5 MiB；降低分辨率后重新扫描。", "Each scan is limited to 5 MiB; scan again at a lower resolution."),
  },
  RA_DOCUMENT_NOT_FOUND: { status: 404, zh: "扫描件不存在", en: "No such document scan" },
  RA_DOCUMENT_INTEGRITY: {
    status: 500,
    zh: "扫描件内容与登记的 SHA-256 不符（可能被篡改）",
    en: "The scan's content does not match its recorded SHA-256 (possibly tampered with)",
    remedy: zhen("不要使用该扫描件；联系运维管理员检查数据库与审计日志。", "Do not rely on this scan; have operations check the database and the audit log."),
  },
  RA_DOCUMENT_MISSING: {
    status: 409,
    zh: "缺少必需的证明材料扫描件",
    en: "A required document scan is missing",
    cause: zhen("个人需身份证扫描件；企业需营业执照、法定代表人身份证、经办人身份证和授权委托书扫描件。", "Individuals need an identity card scan; enterprises need the business licence, the legal representative's and the agent's identity cards and the authorisation letter."),
    remedy: zhen("上传缺少的扫描件后再审核。", "Upload the missing scans, then vet again."),
  },

  // ---- applications -------------------------------------------------------------
  RA_APPLICATION_NOT_FOUND: { status: 404, zh: "证书申请不存在", en: "No such certificate application" },
  RA_TRANSITION_INVALID: {
    status: 409,
    zh: "申请当前所处状态不允许该操作",
    en: "The application's current state does not allow this step",
    remedy: zhen("刷新页面查看申请的最新状态。", "Reload to see the application's current state."),
  },
  RA_ORIGINALS_NOT_CHECKED: {
    status: 400,
    zh: "未确认已当面核验证件原件",
    en: "The originals have not been confirmed as checked in person",
    remedy: zhen("当面核对申请人证件原件后勾选确认，再提交审核。", "Check the applicant's original documents in person, tick the confirmation, then vet."),
  },
  RA_AUDITOR_REQUIRED: {
    status: 403,
    zh: "批准证书申请需要 RA 审核员角色",
    en: "Approving an application needs the RA auditor role",
    remedy: zhen("请由 RA 审核员批准。", "Ask an RA auditor to approve it."),
  },
  RA_DUAL_CONTROL: {
    status: 403,
    zh: "双人控制：录入或审核该申请的人员不能批准该申请",
    en: "Dual control: whoever entered or vetted an application cannot approve it",
    cause: zhen("同一人不得既受理审核又批准同一证书申请，即使其同时拥有两个角色。", "The same person may never both vet and approve one application, even when they hold both roles."),
    remedy: zhen("请另一位 RA 审核员批准。", "Ask a different RA auditor to approve it."),
  },
  RA_REASON_REQUIRED: { status: 400, zh: "请填写原因", en: "A reason is required", remedy: zhen("填写驳回或申请的原因。", "Give the reason for the rejection or request.") },
  RA_TARGET_CERT_REQUIRED: {
    status: 400,
    zh: "该类申请必须指明所涉及的证书",
    en: "This kind of application must name the certificate concerned",
    remedy: zhen("选择要更新、补办、吊销、冻结或解冻的证书。", "Choose the certificate to renew, replace, revoke, suspend or unsuspend."),
  },
  RA_TARGET_CERT_INVALID: {
    status: 409,
    zh: "所选证书不属于该申请人，或其状态不允许该操作",
    en: "The chosen certificate is not the applicant's, or its status does not allow this",
    remedy: zhen("在证书列表中核对证书状态：只有有效证书可更新/吊销/冻结，只有冻结证书可解冻。", "Check the certificate's status: only valid certificates can be renewed, revoked or suspended; only suspended ones can be unsuspended."),
  },
  RA_APPLICATION_OPEN: {
    status: 409,
    zh: "该证书已有一个未完成的申请",
    en: "There is already an open application for this certificate",
    remedy: zhen("先完成或驳回现有申请。", "Finish or reject the open application first."),
  },

  // ---- enrollment codes and tokens ----------------------------------------------
  RA_CODE_INVALID: {
    status: 401,
    zh: "申请编号或一次性登记码不正确",
    en: "Wrong application number or one-time enrollment code",
    cause: zhen("登记码输入有误，或使用了已被新登记码替换的旧码。", "The code was mistyped, or an older code that has been replaced was used."),
    remedy: zhen("核对受理回执上的申请编号和登记码；仍不行请到受理点重新领取登记码。", "Check the application number and code on the receipt; if it still fails, ask the RA desk for a new code."),
  },
  RA_CODE_EXPIRED: {
    status: 401,
    zh: "一次性登记码已过期",
    en: "The one-time enrollment code has expired",
    remedy: zhen("到受理点请操作员重新发放登记码。", "Ask the RA operator for a new code."),
  },
  RA_CODE_USED: {
    status: 409,
    zh: "一次性登记码已使用过",
    en: "The one-time enrollment code has already been used",
    cause: zhen("每个登记码只能下载一张证书。", "Each code enrolls one certificate only."),
    remedy: zhen("如证书未能写入 USBKey，请到受理点办理补办申请。", "If the certificate did not reach the key, apply for a replacement at the RA desk."),
  },
  RA_KEY_ON_OTHER_TOKEN: {
    status: 409,
    zh: "证书请求中的密钥属于另一个 USBKey 或另一证书主体",
    en: "The key in the request belongs to another USB key or another certificate holder",
    remedy: zhen("在本申请登记的 USBKey 上重新生成密钥后再下载证书。", "Generate a new key on the USB key registered for this application, then enroll again."),
  },
  RA_TOKEN_NOT_FOUND: { status: 404, zh: "USBKey 不存在", en: "No such USB key" },
  RA_TOKEN_EXISTS: { status: 409, zh: "该序列号的 USBKey 已登记", en: "A USB key with this serial is already registered" },
  RA_TOKEN_STATE_INVALID: {
    status: 409,
    zh: "USBKey 当前状态不允许该操作",
    en: "The USB key's state does not allow this",
    remedy: zhen("库存→发放→挂失/损坏→销毁；刷新查看最新状态。", "stock → issued → lost/damaged → destroyed; reload to see the current state."),
  },
  RA_TOKEN_MISMATCH: {
    status: 409,
    zh: "插入的 USBKey 不是本申请登记的那一个",
    en: "The inserted USB key is not the one registered for this application",
    remedy: zhen("插入受理回执上序列号对应的 USBKey。", "Insert the USB key whose serial is on the receipt."),
  },

  RA_ENROLL_SERVER_ERROR: {
    status: 502,
    zh: "无法与证书服务器完成登记",
    en: "Enrollment with the certificate server could not be completed",
    cause: zhen("网络不通、服务器地址（--url）错误，或服务器返回了无法识别的应答。", "The network is down, the server address (--url) is wrong, or the server's answer was not understood."),
    remedy: zhen("检查 --url 与网络后用同一登记码重试；仍失败请联系客户服务组。", "Check --url and the network and retry with the same code; if it still fails, contact the service desk."),
  },

  // ---- key management (dual certificates) ------------------------------------
  RA_ESCROW_NOT_FOUND: { status: 404, zh: "托管的加密密钥不存在", en: "No escrowed encryption key for this certificate" },
  RA_RECOVERY_NOT_FOUND: { status: 404, zh: "密钥恢复申请不存在", en: "No such key recovery request" },
  RA_RECOVERY_STATE_INVALID: { status: 409, zh: "密钥恢复申请的状态不允许该操作", en: "The key recovery request's state does not allow this" },
  RA_RECOVERY_DUAL_CONTROL: {
    status: 403,
    zh: "密钥恢复需由提出人以外的其他人员批准（司法恢复需两名不同人员）",
    en: "Key recovery must be approved by someone other than the requester (judicial recovery by two different people)",
    remedy: zhen("请另一位 RA 审核员或 RA 管理员批准。", "Ask another RA auditor or RA administrator to approve."),
  },
  RA_ESCROW_INTEGRITY: {
    status: 500,
    zh: "托管密钥无法解开（密钥库或数据被篡改）",
    en: "The escrowed key could not be unwrapped (key store or data tampered with)",
    remedy: zhen("停止恢复操作并联系安全管理员检查密钥库与审计日志。", "Stop and have the security administrator check the key store and the audit log."),
  },

  // ---- certificate login --------------------------------------------------------
  RA_LOGIN_CHALLENGE_INVALID: {
    status: 401,
    zh: "登录挑战无效或已使用",
    en: "The login challenge is unknown or already used",
    cause: zhen("每个挑战只能使用一次，且只在发起登录的浏览器会话中有效。", "Each challenge works once, and only in the browser session that asked for it."),
    remedy: zhen("重新点击“证书登录”。", "Start the certificate login again."),
  },
  RA_LOGIN_CHALLENGE_EXPIRED: {
    status: 401,
    zh: "登录挑战已过期",
    en: "The login challenge has expired",
    remedy: zhen("重新点击“证书登录”，并在 5 分钟内完成签名。", "Start again and sign within 5 minutes."),
  },
  RA_LOGIN_CERT_INVALID: {
    status: 400,
    zh: "提交的证书无法解析",
    en: "The certificate sent could not be read",
    remedy: zhen("检查 USBKey 中的证书是否完整；必要时到受理点补办。", "Check the certificate on the key; apply for a replacement if it is damaged."),
  },
  RA_LOGIN_WRONG_KEY: {
    status: 401,
    zh: "签名与证书不匹配（签名所用密钥不是该证书的密钥）",
    en: "The signature does not match the certificate (signed with another key)",
    cause: zhen("常见于插入了多个 USBKey、选错证书，或证书写入了错误的 USBKey。", "Usually several keys are plugged in, the wrong certificate was chosen, or the certificate was written to the wrong key."),
    remedy: zhen("只插入一个 USBKey 并选择其中的签名证书后重试。", "Plug in one USB key only, choose its signing certificate and retry."),
  },
  RA_LOGIN_CERT_REVOKED: {
    status: 401,
    zh: "证书已被吊销，不能登录",
    en: "The certificate has been revoked and cannot be used to log in",
    cause: zhen("证书因挂失、损坏、更新或申请吊销而被吊销。", "The certificate was revoked after a loss, damage, renewal or a revocation request."),
    remedy: zhen("携带证件原件到受理点申请新证书。", "Bring your original documents to the RA desk and apply for a new certificate."),
  },
  RA_LOGIN_CERT_SUSPENDED: {
    status: 401,
    zh: "证书已被冻结，暂不能登录",
    en: "The certificate is suspended (on hold) and cannot be used for now",
    remedy: zhen("到受理点申请解冻；解冻后即可登录。", "Apply at the RA desk to unsuspend it; you can log in once it is released."),
  },
  RA_LOGIN_CERT_EXPIRED: {
    status: 401,
    zh: "证书已过期",
    en: "The certificate has expired",
    remedy: zhen("到受理点申请证书更新。", "Apply at the RA desk for a renewal."),
  },
  RA_LOGIN_CERT_NOT_YET_VALID: {
    status: 401,
    zh: "证书尚未生效",
    en: "The certificate is not valid yet",
    cause: zhen("计算机时钟不准，或证书生效时间在将来。", "The computer's clock is wrong, or the certificate starts in the future."),
    remedy: zhen("校准计算机时间后重试。", "Correct the computer's clock and retry."),
  },
  RA_LOGIN_UNKNOWN_ISSUER: {
    status: 401,
    zh: "证书不是由本系统信任的 CA 签发的",
    en: "The certificate was not issued by a CA this system trusts",
    cause: zhen("使用了其他机构的证书，或证书链不完整。", "A certificate from another authority was used, or the chain is incomplete."),
    remedy: zhen("使用本局签发（或已导入信任的 CA 签发）的证书登录。", "Log in with a certificate issued by the bureau (or by an imported trusted CA)."),
  },
  RA_LOGIN_REVOCATION_UNAVAILABLE: {
    status: 503,
    zh: "暂时无法确认证书吊销状态",
    en: "The certificate's revocation status cannot be checked right now",
    cause: zhen("OCSP 服务与 CRL 均不可用。", "Neither OCSP nor a CRL was reachable."),
    remedy: zhen("稍后重试；持续出现请联系客户服务组。", "Retry later; if it persists, contact the service desk."),
  },
  RA_LOGIN_CERT_USAGE: {
    status: 403,
    zh: "该证书不能用于登录（不是签名证书）",
    en: "This certificate cannot be used to log in (it is not a signing certificate)",
    remedy: zhen("选择 USBKey 中的签名证书，而不是加密证书。", "Choose the signing certificate on the key, not the encryption certificate."),
  },
  RA_LOGIN_CERT_NOT_BOUND: {
    status: 403,
    zh: "证书有效，但未与任何竞买人帐户关联",
    en: "The certificate is valid but not bound to any bidder account",
    remedy: zhen("到受理点登记申请人信息，使证书与帐户关联。", "Register as an applicant at the RA desk so the certificate is bound to your account."),
  },
  RA_BIDDER_LOGIN_REQUIRED: {
    status: 401,
    zh: "请先使用证书登录",
    en: "Please log in with your certificate first",
    remedy: zhen("插入 USBKey 后点击“证书登录”。", "Plug in your USB key and use certificate login."),
  },
  RA_BIDDER_SESSION_EXPIRED: {
    status: 401,
    zh: "证书登录已超时",
    en: "Your certificate login has timed out",
    remedy: zhen("重新使用证书登录。", "Log in with your certificate again."),
  },
} as const satisfies Record<string, ErrorSpec>;
