/**
 * Notices (公告) of a sale: the announcement and every later notice are
 * numbered from one database sequence (长县自然资告〔2026〕第N号), stored and
 * shown publicly. The texts generated here carry only facts the sale has
 * made public; identities never appear before the result.
 */
import { newId } from "../../shared/ids.js";
import { formatWanYuan } from "../../shared/money.js";
import type { Repos } from "../../storage/store.js";
import { beijingDate, BEIJING_OFFSET_MS } from "../calendar/working-calendar.js";
import type { SaleResult } from "../engine/types.js";
import type { Notice, NoticeKind, Parcel } from "../trading.ports.js";

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  announcement: "国有建设用地使用权挂牌出让公告",
  supplementary: "补充公告",
  materialChange: "变更公告",
  suspension: "暂停交易公告",
  resumption: "恢复交易公告",
  termination: "终止交易公告",
  result: "挂牌出让结果公示",
};

/** "2026年3月13日 15:00" in Beijing time. */
export function beijingText(d: Date): string {
  const b = new Date(d.getTime() + BEIJING_OFFSET_MS);
  const [y, m, day] = beijingDate(d).split("-").map(Number) as [number, number, number];
  return `${y}年${m}月${day}日 ${String(b.getUTCHours()).padStart(2, "0")}:${String(b.getUTCMinutes()).padStart(2, "0")}`;
}

export async function writeNotice(r: Repos, p: Parcel, kind: NoticeKind, body: string, at: Date, by: string, title?: string): Promise<Notice> {
  const n = await r.trading.notices.nextNumber();
  const notice: Notice = {
    id: newId(),
    parcelId: p.id,
    kind,
    number: `长县自然资告〔${beijingDate(at).slice(0, 4)}〕第${n}号`,
    title: title ?? `${p.parcelNo} ${NOTICE_TITLES[kind]}`,
    body,
    publishedAt: at,
    publishedBy: by,
  };
  await r.trading.notices.insert(notice);
  return notice;
}

export function announcementBody(p: Parcel, listingStart: Date, listingEnd: Date, depositCutoff: Date): string {
  return [
    `经长沙县人民政府批准，长沙县自然资源局决定以挂牌方式出让下列宗地的国有建设用地使用权。`,
    `一、宗地编号：${p.parcelNo}；宗地名称：${p.name}；坐落：${p.location}（${p.district}）。`,
    `二、出让面积：${p.areaM2} 平方米；土地用途：${p.landUse}；出让年限：${p.termYears} 年；容积率：${p.plotRatio}。`,
    `三、起始价：${formatWanYuan(p.startPrice)} 万元；加价幅度：${formatWanYuan(p.increment)} 万元；竞买保证金：${formatWanYuan(p.deposit)} 万元。`,
    `四、挂牌时间：${beijingText(listingStart)} 至 ${beijingText(listingEnd)}；保证金到账截止时间：${beijingText(depositCutoff)}。`,
    `五、资格审查方式：${p.qualificationMode === "before" ? "资格前审" : "资格后审"}。竞买人须持数字证书登录网上交易系统申请并报价。`,
    `六、挂牌期满，有竞买人表示愿意继续竞价的，转入网上限时竞价，最高报价且不低于底价者竞得。`,
  ].join("\n");
}

export function resultBody(p: Parcel, result: SaleResult): string {
  if (result.outcome === "sold") {
    const w = result.winner!;
    return [
      `宗地 ${p.parcelNo}（${p.name}）网上挂牌出让已于 ${beijingText(result.at)} 结束。`,
      `成交价：${formatWanYuan(w.amount)} 万元；竞得竞买号：${w.bidderNo}（${w.round === "timed" ? "限时竞价" : "挂牌"}阶段报价）。`,
      `竞得人须在规定期限内签订成交确认书；竞得人名称经资格确认后另行公示。`,
    ].join("\n");
  }
  if (result.outcome === "withdrawn") {
    const why = { noBid: "挂牌期内无人报价", belowReserve: "最高报价低于底价", winnerDisqualified: "竞得人未通过资格审查" }[result.reason as "noBid"] ?? result.reason;
    return `宗地 ${p.parcelNo}（${p.name}）网上挂牌出让于 ${beijingText(result.at)} 结束，因${why}，本次挂牌出让不成交（流拍）。竞买保证金将在 5 个工作日内退还。`;
  }
  return `宗地 ${p.parcelNo}（${p.name}）本次网上挂牌出让已终止：${result.detail ?? ""}。竞买保证金将在 5 个工作日内退还。`;
}
