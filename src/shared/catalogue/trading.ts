/** Online trading: parcels, announcements, deposits, reserve price, listing, timed bidding, results. */
import type { ErrorSpec } from "../error-spec.js";

const r = (zh: string, en: string) => ({ zh, en });

export const TRADING_ERRORS = {
  // --- the sale's rules (pure engine) ---
  TRADE_PHASE_INVALID: {
    status: 409,
    zh: "地块当前所处阶段不允许此操作",
    en: "This action is not allowed in the parcel's current phase",
    remedy: r("刷新页面查看地块当前阶段。", "Refresh to see the parcel's current phase."),
  },
  TRADE_EVENT_OUT_OF_ORDER: {
    status: 409,
    zh: "事件时间早于上一事件，已拒绝",
    en: "The event is dated before the previous one and was refused",
    cause: r("服务器时钟回拨或事件重放。", "A server clock stepped back, or an event was replayed."),
    remedy: r("检查各节点的时间同步（NTP）。", "Check time synchronisation (NTP) on every node."),
  },
  TRADE_SCHEDULE_INVALID: {
    status: 422,
    zh: "挂牌时间安排不合理",
    en: "The listing schedule is not valid",
    remedy: r("挂牌截止须晚于开始；保证金截止须在公告之后、挂牌截止之前。", "The listing must end after it starts; the deposit cut-off must fall after the announcement and no later than the listing end."),
  },
  TRADE_ANNOUNCEMENT_TOO_LATE: {
    status: 422,
    zh: "出让公告须在挂牌开始前至少规定天数发布",
    en: "The announcement must be published the required number of days before the listing starts",
    cause: r("《招标拍卖挂牌出让国有建设用地使用权规定》第十条：公告期不少于 20 日。", "MLR Order 39, art. 10: at least 20 days between announcement and listing."),
    remedy: r("推迟挂牌开始时间。", "Move the listing start later."),
  },
  TRADE_LISTING_TOO_SHORT: {
    status: 422,
    zh: "挂牌期少于规定的工作日数",
    en: "The listing period is shorter than the required number of working days",
    cause: r("挂牌时间不得少于 10 个工作日（节假日不计）。", "A listing must span at least 10 working days (holidays excluded)."),
    remedy: r("延后挂牌截止时间。", "Move the listing end later."),
  },
  TRADE_POSTPONEMENT_TOO_SHORT: {
    status: 422,
    zh: "重大变更后顺延的挂牌开始时间距变更公告不足规定天数",
    en: "After a material change the listing must start the required number of days after the change notice",
    remedy: r("把新的挂牌开始时间定在变更公告后至少 20 日，或不指定由系统计算。", "Set the new start at least 20 days after the change notice, or leave it empty to have it computed."),
  },
  TRADE_MATERIAL_CHANGE_AFTER_BIDS: {
    status: 409,
    zh: "已有报价，不能再作重大变更",
    en: "Bids have been received; a material change is no longer possible",
    remedy: r("按规定中止或终止本次交易并重新公告。", "Suspend or terminate this sale and announce it again."),
  },
  TRADE_LISTING_NOT_OPEN: { status: 409, zh: "挂牌尚未开始", en: "The listing has not started yet", remedy: r("在挂牌开始后再报价。", "Bid once the listing has started.") },
  TRADE_DEADLINE_PASSED: {
    status: 409,
    zh: "已过截止时间，报价无效",
    en: "The deadline has passed; the bid was not accepted",
    cause: r("截止时刻本身已不再接受报价；以服务器收到的时间为准。", "The deadline instant itself is already too late; the server's time of receipt counts."),
  },
  TRADE_LISTING_FROZEN: {
    status: 409,
    zh: "挂牌截止前的冻结期内不接受报价",
    en: "Bids are not accepted during the freeze before the listing closes",
    remedy: r("等待挂牌截止后参加限时竞价。", "Wait for the listing to close and take part in timed bidding."),
  },
  TRADE_NO_BIDDING_RIGHT: {
    status: 403,
    zh: "尚未取得竞买资格（资格审核或保证金未完成）",
    en: "No bidding right yet (qualification or deposit outstanding)",
    remedy: r("确认资格审核已通过且保证金已在截止前足额到账。", "Make sure qualification is approved and the full deposit arrived before the cut-off."),
  },
  TRADE_NOT_IN_TIMED_BIDDING: {
    status: 403,
    zh: "您未选择参加限时竞价",
    en: "You did not choose to take part in timed bidding",
  },
  TRADE_INTENT_NOT_ELIGIBLE: {
    status: 403,
    zh: "挂牌期内无有效报价，不能参加限时竞价",
    en: "Only bidders with a valid listing bid may join timed bidding",
  },
  TRADE_ALREADY_HIGHEST: { status: 409, zh: "您已是当前最高报价人", en: "You already hold the highest bid" },
  TRADE_BID_BELOW_START: { status: 422, zh: "首次报价低于起始价", en: "The first bid is below the start price" },
  TRADE_BID_TOO_LOW: {
    status: 422,
    zh: "报价低于当前最高价加一个加价幅度",
    en: "The bid is below the current highest bid plus one increment",
    remedy: r("刷新当前价后按加价幅度的整数倍报价。", "Refresh the current price and bid a whole number of increments above it."),
  },
  TRADE_BID_TIED: {
    status: 409,
    zh: "相同报价已由他人先行提交",
    en: "An equal bid was received earlier from another bidder",
    cause: r("同价以先收到者为准。", "Equal bids go to the earlier receipt."),
  },
  TRADE_BID_BAD_INCREMENT: {
    status: 422,
    zh: "加价须为加价幅度的整数倍",
    en: "The raise must be a whole number of increments",
  },
  TRADE_SUSPENDED: {
    status: 409,
    zh: "交易已暂停，暂不受理",
    en: "The sale is suspended",
    remedy: r("等待恢复公告；恢复后从最后一次有效最高报价继续。", "Wait for the resumption notice; the sale continues from the last valid highest bid."),
  },
  TRADE_SALE_CLOSED: { status: 409, zh: "本宗地交易已结束", en: "The sale of this parcel has ended" },
  TRADE_DEPOSIT_LATE: {
    status: 422,
    zh: "保证金到账晚于截止时间，不能取得竞买资格",
    en: "The deposit arrived after the cut-off and gives no bidding right",
    remedy: r("该笔款项将列入退款。", "The payment will be listed for refund."),
  },
  TRADE_QUALIFICATION_DECIDED: { status: 409, zh: "该竞买人的资格审核已有结论", en: "This bidder's qualification has already been decided" },

  // --- parcels, notices, calendar ---
  TRADE_PARCEL_NOT_FOUND: { status: 404, zh: "地块不存在", en: "No such parcel" },
  TRADE_PARCEL_NO_TAKEN: { status: 409, zh: "地块编号已存在", en: "This parcel number is already in use" },
  TRADE_PARCEL_NOT_EDITABLE: {
    status: 409,
    zh: "公告发布后不能直接修改地块，请发布变更公告",
    en: "After the announcement a parcel cannot be edited; publish a change notice",
  },
  TRADE_HOLIDAY_INVALID: { status: 422, zh: "节假日日期无效", en: "Invalid holiday date", remedy: r("使用 YYYY-MM-DD 格式。", "Use YYYY-MM-DD.") },

  // --- reserve price ---
  TRADE_RESERVE_WINDOW_CLOSED: {
    status: 409,
    zh: "当前不在底价录入期内",
    en: "The reserve price cannot be entered now",
    cause: r("底价在挂牌后期（截止前规定时段内）录入，挂牌截止后不得录入或更改。", "The reserve is entered late in the listing (within the configured period before the end) and never after the close."),
  },
  TRADE_RESERVE_EXISTS: { status: 409, zh: "底价已确认，不能更改", en: "The reserve price is confirmed and cannot be changed" },
  TRADE_RESERVE_MISMATCH: {
    status: 422,
    zh: "监管确认的底价与录入的不一致，录入已作废",
    en: "The supervisor's confirmation does not match the entered reserve; the entry was discarded",
    remedy: r("由交易管理员重新录入底价，再由监管人员确认。", "The trading administrator enters the reserve again, then the supervisor confirms it."),
  },
  TRADE_RESERVE_NOT_ENTERED: { status: 409, zh: "尚未录入底价", en: "No reserve price has been entered" },
  TRADE_RESERVE_BELOW_START: { status: 422, zh: "底价不得低于起始价", en: "The reserve price may not be below the start price" },
  TRADE_RESERVE_KEY_UNAVAILABLE: {
    status: 503,
    zh: "底价加密密钥不可用",
    en: "The reserve-price encryption key is unavailable",
    remedy: r("检查数据密钥文件及其权限。", "Check the data key file and its permissions."),
  },
  TRADE_RESERVE_TAMPERED: {
    status: 500,
    zh: "底价密文校验失败（可能被篡改）",
    en: "The sealed reserve price failed authentication (possibly tampered with)",
    remedy: r("立即通知监管人员并保全数据库。", "Alert the supervisor and preserve the database at once."),
  },

  // --- deposits and bank ---
  TRADE_BANK_SIGNATURE_INVALID: {
    status: 401,
    zh: "银行到账通知签名无效，已拒收",
    en: "The bank's arrival notice has an invalid signature and was refused",
    remedy: r("核对与银行约定的 HMAC 密钥。", "Check the HMAC key agreed with the bank."),
  },
  TRADE_BANK_NOTICE_STALE: {
    status: 401,
    zh: "银行到账通知的时间戳超出允许范围",
    en: "The bank's arrival notice is timestamped outside the allowed window",
    cause: r("防止重放：时间戳与服务器时间相差超过 5 分钟。", "Replay protection: more than 5 minutes from server time."),
  },
  TRADE_BANK_NOT_CONFIGURED: { status: 503, zh: "未配置银行接口密钥", en: "The bank interface key is not configured" },
  TRADE_STATEMENT_INVALID: {
    status: 422,
    zh: "银行对账单格式错误，未导入任何记录",
    en: "The bank statement is malformed; nothing was imported",
    remedy: r("按 errors 中列出的行号更正后重新导入。", "Fix the lines listed in `errors` and import again."),
  },
  TRADE_PAYMENT_NOT_FOUND: { status: 404, zh: "到账记录不存在", en: "No such payment" },
  TRADE_PAYMENT_NOT_IN_REVIEW: { status: 409, zh: "该到账记录无需复核", en: "This payment is not awaiting review" },
  TRADE_REFUND_NOT_FOUND: { status: 404, zh: "退款记录不存在", en: "No such refund" },
  TRADE_REFUND_STATE: { status: 409, zh: "退款记录状态不允许此操作", en: "The refund is not in a state that allows this" },
  TRADE_APPLICATION_NOT_FOUND: { status: 404, zh: "竞买申请不存在", en: "No such bid application" },
  TRADE_APPLICATION_DECIDED: { status: 409, zh: "该竞买申请已审核", en: "This application has already been decided" },
  TRADE_REJECTION_REASON_REQUIRED: {
    status: 422,
    zh: "驳回竞买申请须写明理由",
    en: "Rejecting an application needs a reason",
    remedy: r("填写驳回理由（竞买人可见）。", "Give the reason; the bidder will see it."),
  },
} satisfies Record<string, ErrorSpec>;

export type TradingErrorCode = keyof typeof TRADING_ERRORS;
