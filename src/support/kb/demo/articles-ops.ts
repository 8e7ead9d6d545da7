/** Demo runbooks for the support groups (internal): hardware and software faults of seed §3.1–§3.2. */
import { RUNBOOK_DEADLINES, type DemoArticle } from "./demo-article.js";

const HW_EFFECT = "安全应用支持服务器故障会使身份认证、数据加密/解密、数字签名/验签全部失败（seed §3.1），证书登录和报价签名都会受影响。";

export const OPS_ARTICLES: DemoArticle[] = [
  {
    slug: "runbook-hw-service-down",
    kind: "runbook",
    category: "hardware",
    subFault: "service_down",
    visibility: "internal",
    title: "处置手册：安全服务无法启动或拒绝请求",
    titleEn: "Runbook: security services do not start or refuse requests",
    summary: "安全应用支持服务器上的服务起不来、不接受应用系统的安全服务请求时，先切换到备用证书发放服务，再排查主设备。",
    summaryEn: "When the security application server's services will not start or refuse requests: fail over to the standby issuance service first, then work on the primary.",
    tags: ["硬件故障", "安全应用支持服务器", "备用服务器", "切换"],
    body: `## 现象
- 健康检查报告签名/验签、加解密接口超时或返回错误。
- 应用服务器日志中安全服务调用连续失败，证书登录全部失败。

## 影响
${HW_EFFECT} 通常定为 **紧急事件**（公众服务因安全原因停止）。

## 处置
1. 在运维页面确认故障节点，**立即切换到备用证书发放服务器和服务**（seed §3.1 解决方案）。
2. 确认切换后证书登录、签名验签恢复；在状态页公布“部分服务降级”。
3. 对主设备：检查服务进程、日志、许可证和 HSM 连接；重启服务前记录当前状态。
4. 主设备恢复后，在维护窗口切回，并核对切换期间签发的证书和时间戳均已入库。

## 记录
切换时间、恢复时间、受影响的交易（地块、竞买人数）写入事件和客户支持档案。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-hw-wont-boot",
    kind: "runbook",
    category: "hardware",
    subFault: "wont_boot",
    visibility: "internal",
    title: "处置手册：安全应用支持服务器不能启动",
    titleEn: "Runbook: the security application server does not boot",
    summary: "设备加电后无法正常启动：切换备用服务，检查电源与自检信息，必要时由本地服务点 4 小时内到场更换。",
    summaryEn: "The device does not boot: fail over, check power and self-test output, and have the local service point on site within 4 hours if needed.",
    tags: ["硬件故障", "安全应用支持服务器", "启动", "现场服务"],
    related: ["runbook-hw-service-down"],
    body: `## 现象
设备加电后指示灯异常、停在自检阶段或反复重启。

## 影响
${HW_EFFECT}

## 处置
1. 按“安全服务无法启动”手册 **切换到备用服务**。
2. 检查电源、线缆、机柜供电；记录面板指示灯与自检输出。
3. 远程无法恢复的，通知 **本地服务点 4 小时内到现场**，携带备件。
4. 更换部件后做完整的签名/验签、加解密自检，再切回主设备。
5. HSM 内密钥不得导出；如需更换 HSM，按密钥备份恢复流程在双人控制下进行。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-hw-abnormal-noise",
    kind: "runbook",
    category: "hardware",
    subFault: "abnormal_noise",
    visibility: "internal",
    title: "处置手册：设备发出异常响声",
    titleEn: "Runbook: the device makes abnormal noise",
    summary: "风扇、硬盘或电源异响是硬件即将失效的征兆：确认备用服务就绪，安排维护窗口更换部件。",
    summaryEn: "Fan, disk or power-supply noise warns of failure: make sure the standby is ready and replace the part in a maintenance window.",
    tags: ["硬件故障", "安全应用支持服务器", "异常响声", "预防性维护"],
    related: ["runbook-hw-service-down"],
    body: `## 现象
机房巡检或值班人员发现设备发出持续的异常响声（风扇、硬盘、电源）。

## 等级
服务尚正常时定为 **一般事件**；伴随服务报错时按“安全服务无法启动”处理并升级。

## 处置
1. 确认 **备用证书发放服务器** 状态正常、数据同步最新。
2. 查看设备温度、风扇转速、硬盘健康信息，拍照记录。
3. 联系厂商确认部件，安排维护窗口：先切换到备用服务，再停机更换。
4. 更换后运行自检并切回，在事件中记录部件序列号。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-sw-middleware-error-code",
    kind: "runbook",
    category: "software",
    subFault: "middleware_error_code",
    visibility: "internal",
    title: "处置手册：安全中间件接口返回错误代码",
    titleEn: "Runbook: the security middleware returns an error code",
    summary: "应用调用安全中间件返回错误代码时，按错误代码查对应的处置手册；记录请求编号以便定位日志。",
    summaryEn: "When the middleware answers with an error code, open that code's runbook; note the request id to find the logs.",
    tags: ["软件故障", "安全中间件", "错误代码", "接口"],
    body: `## 现象
应用服务器调用安全中间件接口（证书登录、签名、验签、加解密）时，返回带 **错误代码** 的应答。

## 处置
1. 记下错误代码、请求编号（x-request-id）和发生时间。
2. 在知识库搜索该错误代码：每个代码都有一篇由错误目录生成的处置手册（原因与处理办法），并可附加现场经验。
3. 对同一错误短时间内大量出现的，检查最近的升级或配置变更；必要时回退。
4. 证书类错误（过期、吊销、不受信任）多为用户侧问题，由客户服务组按 FAQ 直接答复。

## 升级支持
系统改造升级期间，厂商提供全程升级技术支持和测试（seed §3.2 解决方案）；无法判断原因时提交给专家组会诊。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-sw-cert-errors-under-load",
    kind: "runbook",
    category: "software",
    subFault: "cert_errors_under_load",
    visibility: "internal",
    title: "处置手册：大用户量访问时不定期出现证书异常",
    titleEn: "Runbook: intermittent certificate errors under heavy load",
    summary: "报名截止、限时竞价等高峰期证书校验偶发失败：检查连接池、OCSP/CRL 缓存和时间戳服务容量。",
    summaryEn: "Sporadic certificate validation failures at peaks (deadlines, timed bidding): check pools, OCSP/CRL caching and TSA capacity.",
    tags: ["软件故障", "数字证书", "高并发", "OCSP", "时间戳"],
    related: ["runbook-sw-middleware-error-code"],
    body: `## 现象
挂牌截止、限时竞价等高峰时段，部分用户证书登录或签名验签 **不定期失败**，重试后又成功。

## 排查
1. 对照监控：请求量、响应时间、数据库连接池、OCSP 与时间戳服务的延迟。
2. 检查 CRL 是否按时更新、OCSP 响应是否被缓存；CRL 过期会导致所有验证失败而非偶发。
3. 查看错误代码分布：超时类与证书状态类分开处理。

## 处置
- 扩大连接池或增加服务节点；把 CRL/OCSP 结果缓存到下次更新时间。
- 限时竞价期间发生的，立即升级为 **严重事件**，通知交易中心评估是否顺延。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-sw-function-not-found",
    kind: "runbook",
    category: "software",
    subFault: "function_not_found",
    visibility: "internal",
    title: "处置手册：调用安全中间件接口找不到函数对象",
    titleEn: "Runbook: a middleware interface function cannot be found",
    summary: "多因中间件与应用版本不一致或组件未注册：核对版本、重新部署客户端 SDK 并回归测试。",
    summaryEn: "Usually a version mismatch or an unregistered component: check versions, redeploy the client SDK and re-test.",
    tags: ["软件故障", "安全中间件", "接口", "版本"],
    related: ["runbook-sw-middleware-error-code"],
    body: `## 现象
应用服务器或浏览器调用安全中间件时提示“对象不支持此属性或方法”“找不到函数”等。

## 原因
中间件版本与应用调用的接口不一致；客户端组件未安装或未注册；浏览器加载了旧缓存。

## 处置
1. 核对服务器端中间件版本和应用依赖的接口版本（见技术参考文档）。
2. 客户端：重新安装最新驱动与组件，清除浏览器缓存。
3. 服务器端：按升级文档重新部署，并执行接口回归测试后再开放。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-sw-ra-cannot-issue",
    kind: "runbook",
    category: "software",
    subFault: "ra_cannot_issue",
    visibility: "internal",
    title: "处置手册：证书 RA 系统不能正常发放数字证书",
    titleEn: "Runbook: the RA cannot issue certificates",
    summary: "RA 受理后签发失败：检查子 CA 状态与签名密钥、证书模板和签发前检查，必要时启用备用证书发放服务。",
    summaryEn: "Issuance fails after RA vetting: check the sub-CA and its key, profiles and pre-issuance lint; use the standby issuance service if needed.",
    tags: ["软件故障", "RA", "证书发放", "子CA", "备用服务器"],
    related: ["runbook-hw-service-down"],
    body: `## 现象
RA 操作员审核通过后签发失败，或签发长时间处于“待签发”状态。

## 排查
1. 查看错误代码（PKI_…）及其处置手册。
2. 检查子 CA 证书是否在有效期内、签名密钥（密钥文件或 HSM）是否可用。
3. 检查证书模板与签发前检查（lint）结果；记录被拒绝的待签发证书。
4. 待签发记录会在服务恢复后继续签发，不会丢失，也不会重复签发。

## 处置
- 主 CA 服务不可用时，启用 **证书发放备用服务器**（seed §3.1）。
- 报名截止前发生的，通知交易中心和受影响的竞买人。

${RUNBOOK_DEADLINES}`,
  },
];
