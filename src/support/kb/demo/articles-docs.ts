/** Demo bulletins (技术通报), a white paper and technical references. */
import type { DemoArticle } from "./demo-article.js";

export const DOC_ARTICLES: DemoArticle[] = [
  {
    slug: "bulletin-2026-01-driver-update",
    kind: "bulletin",
    visibility: "public",
    title: "技术通报：客户端驱动与检测工具更新",
    titleEn: "Bulletin: client driver and check tool update",
    summary: "系统升级后请竞买人更新 USBKey 驱动并使用新版检测工具；旧版驱动可能导致驱动安装异常或无法识别 USBKey。",
    summaryEn: "After the upgrade, bidders should update the USB key driver and use the new check tool; old drivers can fail to install or to see the key.",
    tags: ["技术通报", "驱动", "USBKey", "升级"],
    related: ["driver-usbkey-tools", "runbook-client-usbkey-driver"],
    body: `网上交易系统完成安全中间件升级。由于客户端软件随之改变，可能影响部分用户的正常使用（seed §3.3）。

## 请竞买人
1. 到帮助中心 **驱动下载** 页面下载最新版本，核对 SHA-256 后安装。
2. 安装前卸载旧版驱动并重启电脑。
3. 用检测工具或 [自助诊断](/help/diagnose) 确认 USBKey 能被识别、证书有效。

## 说明
原有用户的数字证书在本次升级中 **不需要更换**，可继续使用。`,
  },
  {
    slug: "bulletin-2026-02-certificate-expiry",
    kind: "bulletin",
    visibility: "public",
    title: "技术通报：部分竞买人数字证书即将集中到期",
    titleEn: "Bulletin: many bidders' certificates expire soon",
    summary: "首批签发的数字证书将陆续到期，请在到期前 30 天内到国土局办理更新，避免影响报价。",
    summaryEn: "The first certificates issued are reaching their end; renew at the bureau within 30 days before expiry so bidding is not affected.",
    tags: ["技术通报", "数字证书", "到期", "证书更新"],
    related: ["faq-certificate-renewal"],
    body: `首批签发的竞买人数字证书将在近期陆续到期。证书过期后不能登录系统，也不能签名报价。

- 请在 [自助诊断](/help/diagnose) 中查看证书的到期日期。
- 到期前 30 天内携带材料到长沙县国土资源局 RA 窗口办理更新。
- 计划参加近期挂牌的竞买人，请务必在报名前完成更新。`,
  },
  {
    slug: "white-paper-pki",
    kind: "white_paper",
    visibility: "public",
    title: "网上交易系统数字证书体系白皮书",
    titleEn: "White paper: the certificate system of the online land trading system",
    summary: "根 CA、国土局子 CA、竞买人证书与 USBKey，证书吊销列表、OCSP 和时间戳服务如何保证网上交易的身份可信与报价不可抵赖。",
    summaryEn: "Root CA, the bureau's sub-CA, bidder certificates on USB keys, CRLs, OCSP and time-stamping: how the system makes identities trustworthy and bids non-repudiable.",
    tags: ["白皮书", "数字证书", "CA", "时间戳", "SM2"],
    body: `## 一、体系结构
- **根 CA**：离线保管，只为子 CA 签发证书。
- **长沙县国土资源局子 CA**：通过本地 RA 帐户系统受理竞买人的证书申请、更新、冻结和吊销。
- **竞买人证书**：私钥生成并保存在 USBKey 中，不能导出。

## 二、算法
支持 ECDSA P-256（默认）、国密 SM2/SM3，以及兼容旧系统的 RSA-2048。

## 三、证书状态
- **证书吊销列表（CRL）** 定期发布；
- **OCSP** 实时回答证书是否有效；
- 被吊销的证书不能登录和签名，冻结的证书可以解冻。

## 四、时间戳与不可抵赖
每笔报价都经竞买人数字签名，并由时间戳服务（RFC 3161）加盖可信时间。
之后即使证书到期或被吊销，也能证明报价在当时是有效签名。

## 五、审计
证书签发、吊销、报价、成交等关键操作写入防篡改的审计日志（哈希链），可随时校验。`,
  },
  {
    slug: "tech-ref-ocsp-tsa",
    kind: "tech_reference",
    visibility: "public",
    title: "技术参考：OCSP 与时间戳服务接入",
    titleEn: "Technical reference: using the OCSP and time-stamp services",
    summary: "OCSP 地址 /pki/ocsp，时间戳服务地址 /pki/tsa；用 OpenSSL 查询证书状态和申请时间戳的示例。",
    summaryEn: "OCSP at /pki/ocsp and the TSA at /pki/tsa, with OpenSSL examples for status queries and time-stamp requests.",
    tags: ["技术参考", "OCSP", "时间戳", "OpenSSL"],
    body: `## 地址
- OCSP：\`/pki/ocsp\`（RFC 6960，POST 或 GET）
- 时间戳：\`/pki/tsa\`（RFC 3161，\`Content-Type: application/timestamp-query\`）

## 查询证书状态
\`\`\`
openssl ocsp -issuer 子CA.pem -cert 我的证书.pem -url https://本系统地址/pki/ocsp -resp_text
\`\`\`

## 申请时间戳
\`\`\`
openssl ts -query -data 报价文件 -sha256 -cert -out req.tsq
curl -s -H 'Content-Type: application/timestamp-query' --data-binary @req.tsq https://本系统地址/pki/tsa -o resp.tsr
openssl ts -reply -in resp.tsr -text
\`\`\`

自助诊断会检查这两个地址能否从您的网络访问；企业防火墙拦截时请放行本系统地址。`,
  },
  {
    slug: "tech-ref-middleware-interface",
    kind: "tech_reference",
    visibility: "internal",
    title: "技术参考：安全中间件接口与错误代码",
    titleEn: "Technical reference: security middleware interface and error codes",
    summary: "证书登录、签名验签、加解密接口的调用约定；错误应答格式（problem+json）与错误代码目录。",
    summaryEn: "Calling conventions of login, sign/verify and encrypt/decrypt; the problem+json error format and the error-code catalogue.",
    tags: ["技术参考", "安全中间件", "错误代码", "接口"],
    related: ["runbook-sw-middleware-error-code"],
    body: `## 错误应答
所有接口出错时返回 \`application/problem+json\`，包括：
- \`code\`：稳定的错误代码，例如 \`AUTH_REQUIRED\`、\`PKI_CSR_INVALID\`；
- \`messageZh\` / \`messageEn\`：中英文说明；
- \`requestId\`：请求编号，同时在响应头 \`x-request-id\` 中。

## 错误代码目录
完整目录见 \`GET /api/errors\` 与 docs/errors.md。知识库为每个错误代码自动生成一篇处置手册（标签“错误代码”），内容随目录同步更新，工程师可在其中补充现场经验。

## 排查建议
先按错误代码查处置手册；同一代码在短时间内集中出现，按“安全中间件接口返回错误代码”手册处理。`,
  },
];
