/**
 * Renders the deal confirmation as an A4 PDF with pdfkit, embedding (a
 * subset of) a Chinese font — WenQuanYi Micro Hei on Debian
 * (fonts-wqy-microhei) or Noto CJK, or a given font file. The creation date
 * is the deal time, so the same deal always renders the same bytes and the
 * signed document's pdfSha256 stays valid for every download.
 */
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { AppError } from "../../shared/errors.js";
import { beijingDate } from "../calendar/working-calendar.js";
import type { DealConfirmation } from "./deal-confirmation.js";
import { rmbWords } from "./rmb-words.js";

const FONT_CANDIDATES = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", family: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
];

function cjkFont(fontPath?: string): { path: string; family?: string } {
  if (fontPath) return { path: fontPath };
  const f = FONT_CANDIDATES.find((c) => existsSync(c.path));
  if (!f) throw new AppError("TRADE_DEAL_FONT_MISSING", { detail: FONT_CANDIDATES.map((c) => c.path).join(", ") });
  return f;
}

const wan = (fen: bigint) => {
  const yuan = Number(fen) / 100;
  return `${(yuan / 10_000).toLocaleString("en-US", { maximumFractionDigits: 4 })} 万元`;
};

const beijingClock = (d: Date) => {
  const b = new Date(d.getTime() + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${beijingDate(d)} ${two(b.getUTCHours())}:${two(b.getUTCMinutes())}:${two(b.getUTCSeconds())}`;
};

export function renderDealPdf(d: DealConfirmation, fontPath?: string): Promise<Uint8Array> {
  const font = cjkFont(fontPath);
  const doc = new PDFDocument({ size: "A4", margin: 64, info: { Title: `成交确认书 ${d.parcelNo}`, Author: d.issuer, Subject: d.number, CreationDate: d.dealAt, ModDate: d.dealAt } });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  if (font.family) doc.registerFont("cjk", font.path, font.family);
  else doc.registerFont("cjk", font.path);
  doc.font("cjk");

  doc.fontSize(22).text("国有建设用地使用权挂牌出让成交确认书", { align: "center" });
  doc.moveDown(0.4).fontSize(11).text(d.number, { align: "center" });
  doc.moveDown(1.2).fontSize(12);
  doc.text(`竞得人：${d.winnerName}（竞买号 ${d.bidderNo}）`);
  if (d.winnerKind === "joint") {
    for (const m of d.members) doc.text(`    联合体成员：${m.name}（${m.idNumber}）${m.share ? ` 份额 ${m.share}` : ""}`);
  }
  doc.moveDown(0.6);
  doc.text(`你方于 ${beijingClock(d.dealAt)}（北京时间）在长沙县国土资源局网上交易系统${d.round === "timed" ? "限时竞价" : "挂牌"}中，竞得下列地块的国有建设用地使用权：`, { lineGap: 4 });
  doc.moveDown(0.6);
  const rows: [string, string][] = [
    ["宗地编号", d.parcelNo],
    ["地块名称", d.parcelName],
    ["土地位置", d.location],
    ["出让面积", `${d.areaM2} 平方米`],
    ["土地用途", d.landUse],
    ["出让年限", `${d.termYears} 年`],
    ["容积率", d.plotRatio],
    ["成交价", `${wan(d.priceFen)}（人民币${rmbWords(d.priceFen)}）`],
    ["竞买保证金", `${wan(d.depositFen)}，自本确认书签订之日起转作受让地块的定金`],
  ];
  for (const [k, v] of rows) doc.text(`${k}：${v}`, { lineGap: 6 });
  doc.moveDown(0.8);
  doc.text(`竞得人应于成交之日起 ${d.contractWithinWorkingDays} 个工作日内，与出让人签订《国有建设用地使用权出让合同》。逾期不签订的，竞得结果无效，定金不予退还。`, { lineGap: 4 });
  doc.moveDown(2);
  doc.text(`出让人：${d.issuer}`, { align: "right" });
  doc.text(`${beijingDate(d.dealAt)}`, { align: "right" });
  doc.moveDown(2).fontSize(9).fillColor("#555").text("本确认书另有系统 CMS 签名版本（.p7m），其中载明本 PDF 文件的 SHA-256 摘要，可用于验证本文件未被篡改。");
  doc.end();
  return done;
}
