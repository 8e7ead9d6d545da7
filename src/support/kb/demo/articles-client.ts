/** Demo content for bidders (public): the driver download, client-fault runbooks (seed §3.3) and FAQ. */
import { RUNBOOK_DEADLINES, type DemoArticle } from "./demo-article.js";

export const CLIENT_ARTICLES: DemoArticle[] = [
  {
    slug: "driver-usbkey-tools",
    kind: "driver",
    visibility: "public",
    title: "USBKey 检测工具与驱动安装说明",
    titleEn: "USB key check tools and driver installation guide",
    summary: "检查 USBKey 是否被电脑识别的工具包（Windows / Linux），附驱动安装步骤与文件校验方法。",
    summaryEn: "Scripts that check the USB key is recognised (Windows / Linux), with driver installation steps and how to verify the download.",
    tags: ["USBKey", "驱动", "下载", "SHA-256"],
    body: `本页提供 **USBKey 检测工具包**。工具包内的 README 说明了驱动的安装顺序，两个脚本只读取设备信息，不修改系统设置。

## 下载后先校验
每个文件旁都显示了它的 SHA-256。下载后请核对，一致才使用：
- Windows：\`certutil -hashfile 文件名 SHA256\`
- Linux / macOS：\`sha256sum 文件名\`

## 使用方法
1. 解压缩到任意目录。
2. Windows：右键 \`check-usbkey.ps1\`，选择“使用 PowerShell 运行”。
3. Linux：\`sh check-usbkey.sh /厂商模块路径.so\`（需要先安装 opensc）。
4. 能看到读卡器和证书主题（CN=…）即说明 USBKey 与驱动正常。

## 说明
USBKey 厂商的驱动程序请按 USBKey 上标注的型号获取。驱动安装异常的处理见相关文章。`,
  },
  {
    slug: "runbook-client-usbkey-driver",
    kind: "runbook",
    category: "client",
    subFault: "usbkey_driver",
    visibility: "public",
    title: "处置手册：USBKey 驱动安装异常",
    titleEn: "Runbook: USB key driver installation fails",
    summary: "驱动安装失败、安装后仍无法识别 USBKey 时的排查步骤；USBKey 损坏须到国土局重新申请并吊销原证书。",
    summaryEn: "What to check when the driver will not install or the key is still not recognised; a damaged key must be replaced at the bureau and its certificate revoked.",
    tags: ["USBKey", "驱动", "客户端故障", "安装"],
    related: ["driver-usbkey-tools"],
    body: `## 现象
- 运行驱动安装程序时报错、中途退出，或提示“权限不足”。
- 安装完成后插入 USBKey 没有反应，登录页面提示找不到证书。

## 排查步骤
1. **换一个 USB 接口**（优先机箱背面的接口），不要经过 USB 集线器。
2. 确认以 **管理员身份** 运行安装程序；杀毒软件拦截时选择“允许”。
3. 卸载旧版驱动并重启电脑，再安装最新版本（见“驱动下载”）。
4. 下载后核对文件的 **SHA-256**，不一致说明文件不完整，须重新下载。
5. 运行检测工具：Windows 下 \`check-usbkey.ps1\` 能列出读卡器即说明驱动正常。
6. 打开 [自助诊断](/help/diagnose)，检查浏览器支持、系统时间和证书状态。

## USBKey 损坏
在另一台已装好驱动的电脑上仍无法识别、指示灯不亮或外壳破损，说明 USBKey 已损坏。
请携带有效证件到 **长沙县国土资源局** 办理：申请新的 USBKey 和数字证书，同时 **吊销** 原证书。

## 仍未解决
在自助诊断页面点击“提交故障报告”，报告会附带检测结果，客户服务组据此建立工作移交清单。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "runbook-client-page-error",
    kind: "runbook",
    category: "client",
    subFault: "page_error",
    visibility: "public",
    title: "处置手册：客户端访问页面异常",
    titleEn: "Runbook: pages fail in the client browser",
    summary: "页面空白、按钮无反应、提示浏览器不支持或证书登录后跳回首页时的检查方法。",
    summaryEn: "What to check when pages stay blank, buttons do nothing, the browser is reported unsupported or certificate login loops.",
    tags: ["浏览器", "页面异常", "客户端故障", "兼容模式"],
    related: ["runbook-client-usbkey-driver"],
    body: `## 现象
- 页面空白或只显示一半，按钮点击无反应。
- 提示“浏览器不支持”，或证书登录后又回到登录页。

## 排查步骤
1. 使用较新版本的 Chrome、Edge、Firefox 或 360 极速浏览器（**极速模式**，不要用兼容模式/IE 内核）。
2. 允许本网站使用 Cookie；关闭“阻止所有 Cookie”和无痕窗口。
3. 检查电脑的 **系统时间**：与北京时间相差超过 5 分钟会导致证书校验和时间戳失败。
4. 清除浏览器缓存后重新打开网站。
5. 打开 [自助诊断](/help/diagnose)：它会检查 WebCrypto、IndexedDB、Cookie、时钟偏差以及 OCSP、时间戳服务是否可达。

## 记录要点
请记下页面上显示的 **错误代码** 和 **请求编号**，提交给技术支持，可直接定位服务器日志。

${RUNBOOK_DEADLINES}`,
  },
  {
    slug: "faq-usbkey-driver-install",
    kind: "faq",
    category: "client",
    visibility: "public",
    title: "如何安装 USBKey 驱动？",
    titleEn: "How do I install the USB key driver?",
    summary: "下载、校验、以管理员身份安装，再插入 USBKey 检查；安装异常时按处置手册排查。",
    summaryEn: "Download, verify, install as administrator, then insert the key and check; see the runbook if installation fails.",
    tags: ["USBKey", "驱动", "安装"],
    related: ["driver-usbkey-tools", "runbook-client-usbkey-driver"],
    body: `1. 在帮助中心 **驱动下载** 页面下载与您的 USBKey 型号和操作系统对应的文件。
2. 核对文件的 SHA-256 与页面显示一致。
3. 拔下 USBKey，关闭浏览器，右键安装程序选择“以管理员身份运行”。
4. 安装结束后插入 USBKey，等待系统提示设备可以使用。
5. 运行检测工具或打开 [自助诊断](/help/diagnose) 确认。

驱动安装异常时，请查看“处置手册：USBKey 驱动安装异常”。`,
    bodyEn: `1. Download the file for your key model and operating system from **Driver downloads**.
2. Check that its SHA-256 matches the one shown.
3. Unplug the key, close the browser, and run the installer as administrator.
4. Plug the key in and wait until Windows says the device is ready.
5. Confirm with the check tool or the [self-diagnosis](/help/diagnose).`,
  },
  {
    slug: "faq-certificate-renewal",
    kind: "faq",
    visibility: "public",
    title: "数字证书快到期了，如何更新或换发？",
    titleEn: "My certificate is about to expire: how do I renew or replace it?",
    summary: "证书到期前到国土局 RA 受理窗口办理更新；单位信息变更须换发新证书，原证书随之吊销。",
    summaryEn: "Renew at the bureau's RA counter before expiry; if your organisation's details changed a new certificate is issued and the old one revoked.",
    tags: ["数字证书", "证书更新", "换发", "有效期"],
    body: `## 何时办理
数字证书有效期届满后不能登录和签名报价。请在 **到期前 30 天内** 办理更新，避免在挂牌期或限时竞价期间过期。
证书有效期可在 [自助诊断](/help/diagnose) 中粘贴证书查看。

## 到哪里办理
长沙县国土资源局 RA 受理窗口（本地 RA 帐户系统）。

## 需要携带
- 营业执照（或统一社会信用代码证明）复印件，加盖公章；
- 法定代表人身份证复印件；经办人办理的，另带 **授权委托书** 和经办人身份证；
- 原 USBKey。

## 更新与换发的区别
- **更新**：单位名称等信息未变，签发新的证书，原证书被新证书取代（吊销原因“已被取代”）。
- **换发**：单位名称、统一社会信用代码等信息变更，或 USBKey 损坏，须重新申请；原证书 **吊销**。

已经用原证书签名并加盖时间戳的报价，在证书更新或吊销后仍然有效。`,
  },
  {
    slug: "faq-usbkey-damaged-or-lost",
    kind: "faq",
    category: "client",
    visibility: "public",
    title: "USBKey 损坏或丢失怎么办？",
    titleEn: "My USB key is damaged or lost: what now?",
    summary: "丢失：先电话申请冻结证书；损坏或丢失都须到国土局申请新的 USBKey 和证书，并吊销原证书。",
    summaryEn: "If lost, first ask for the certificate to be put on hold; in both cases apply at the bureau for a new key and certificate, and the old one is revoked.",
    tags: ["USBKey", "吊销", "冻结", "补办"],
    related: ["faq-certificate-renewal", "runbook-client-usbkey-driver"],
    body: `## USBKey 丢失
1. **立即** 联系技术支持或国土局，申请 **冻结** 证书，防止他人冒用。
2. 携带单位证明材料到长沙县国土资源局，申请吊销原数字证书并补办新的 USBKey 与证书。

## USBKey 损坏
在另一台装好驱动的电脑上也无法识别，即可判断为损坏。请到长沙县国土资源局进行 USBKey 和数字证书的申请和 **吊销** 操作（原证书吊销后不能再使用）。

## 正在参加竞买时
- 新证书签发后即可继续登录和报价；原证书签名的报价和时间戳仍然有效。
- 限时竞价期间无法补办时，请立即联系交易中心说明情况。`,
  },
  {
    slug: "faq-pin-locked",
    kind: "faq",
    category: "client",
    visibility: "public",
    title: "USBKey 口令（PIN 码）输错被锁定怎么办？",
    titleEn: "I entered the wrong PIN too often and the key is locked",
    summary: "连续输错口令会锁定 USBKey，须持 USBKey 和证明材料到国土局解锁并重设口令。",
    summaryEn: "Repeated wrong PINs lock the key; bring it and your documents to the bureau to unlock it and set a new PIN.",
    tags: ["USBKey", "PIN码", "口令", "锁定", "解锁"],
    body: `为了防止私钥被他人使用，USBKey 在连续多次输入错误口令后会 **锁定**，锁定后不能登录和签名。

- 锁定后请勿反复尝试。
- 携带 USBKey、营业执照复印件和经办人身份证到国土局 RA 窗口办理 **解锁** 并重设口令。
- 解锁不会改变证书，已提交的报价不受影响。

忘记口令又无法到现场时，请联系技术支持说明情况。`,
  },
  {
    slug: "faq-certificate-login-fails",
    kind: "faq",
    category: "client",
    visibility: "public",
    title: "证书登录失败的常见原因",
    titleEn: "Common reasons certificate login fails",
    summary: "证书过期或被吊销、口令错误、驱动未装好、浏览器不支持、电脑时间不准，都会导致证书登录失败。",
    summaryEn: "An expired or revoked certificate, a wrong PIN, a missing driver, an unsupported browser or a wrong clock all make certificate login fail.",
    tags: ["证书登录", "身份认证", "数字证书", "系统时间"],
    related: ["faq-certificate-renewal", "faq-pin-locked", "runbook-client-page-error"],
    body: `按顺序检查：
1. **证书状态**：在 [自助诊断](/help/diagnose) 中检查证书是否在有效期内、是否被吊销或冻结。
2. **口令**：输错多次会锁定 USBKey，见“口令被锁定怎么办”。
3. **驱动**：检测工具能否看到 USBKey。
4. **浏览器**：使用新版浏览器，允许 Cookie。
5. **系统时间**：电脑时间与服务器相差过大时，证书会被判为“尚未生效”或“已过期”。

登录页面显示的错误代码（如 SEC_…、AUTH_…）都可以在帮助中心搜索到对应的处置手册。`,
  },
  {
    slug: "faq-deposit-payment",
    kind: "faq",
    visibility: "public",
    title: "竞买保证金如何缴纳？何时退还？",
    titleEn: "How do I pay the bidding deposit, and when is it returned?",
    summary: "按出让公告把保证金从本单位账户转入系统分配的竞买保证金子账户，到账确认后才能通过资格审核；未竞得的保证金在成交后退还。",
    summaryEn: "Transfer the deposit from your own account to the sub-account assigned to you; only a confirmed deposit lets you pass qualification; unsuccessful bidders' deposits are returned after the sale.",
    tags: ["保证金", "竞买申请", "子账户", "退还", "资格审核"],
    body: `## 缴纳
1. 提交竞买申请后，系统为每位竞买人分配一个 **保证金子账户**。
2. 按 **出让公告** 规定的金额和截止时间，从 **本单位（本人）账户** 转账到该子账户。他人代缴的款项不予确认。
3. 银行到账后系统自动确认，竞买申请页面显示“保证金已到账”。
4. 保证金到账确认后，方可通过 **资格审核**，取得报价资格。

## 常见问题
- **截止时间前未到账**：不能取得竞买资格。跨行转账请预留到账时间。
- **金额不足**：视为未缴纳，请补足或联系交易中心。

## 退还
- 未竞得的竞买人：成交后按出让公告规定的期限原路退还，不计利息。
- 竞得人：保证金转为成交价款的一部分。
- 流拍（无人竞得或未达底价）：全部原路退还。`,
  },
  {
    slug: "faq-timed-bidding-rules",
    kind: "faq",
    visibility: "public",
    title: "挂牌报价与限时竞价规则",
    titleEn: "Listing bids and timed bidding: the rules",
    summary: "挂牌期内按起始价和加价幅度报价；截止时有两人以上愿意继续竞价的进入限时竞价，每次新报价重新计时，最高且不低于底价者竞得。",
    summaryEn: "Bid at or above the current price plus the increment during the listing; if more than one bidder wants to continue at the deadline, timed bidding starts and each new bid restarts the countdown.",
    tags: ["挂牌", "报价", "限时竞价", "加价幅度", "底价", "时间戳"],
    body: `## 挂牌期报价
- 挂牌期不少于 10 个工作日。挂牌期内，取得竞买资格的竞买人用 USBKey 中的数字证书 **签名报价**。
- 报价不得低于 **当前价 + 加价幅度**（首次报价不得低于起始价）。
- 每笔报价都加盖 **时间戳**，以服务器时间为准，与您电脑的时间无关。

## 限时竞价
- 挂牌截止时，有两个以上竞买人表示愿意继续竞价的，进入 **限时竞价**。
- 限时竞价中，每出现一次有效的新报价，倒计时 **重新开始**；倒计时结束时无人再报价，竞价结束。

## 结果
- 最高报价 **不低于底价** 的，由最高报价者竞得，签订成交确认书。
- 没有人报价，或最高报价低于底价的，**流拍**。
- 竞买人之间互相匿名，只显示竞买号牌。`,
  },
];
