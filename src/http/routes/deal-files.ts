/** Sends a deal confirmation as a download: the PDF, or the system-signed CMS (.p7m). */
import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { DealFiles } from "../../trading/results/deal.service.js";

export const dealQuery = z.object({ format: z.enum(["pdf", "cms"]).default("pdf") });

export function sendDeal(reply: FastifyReply, f: DealFiles, format: "pdf" | "cms") {
  const name = `成交确认书-${f.deal.parcelNo}.${format === "pdf" ? "pdf" : "p7m"}`;
  return reply
    .header("content-type", format === "pdf" ? "application/pdf" : "application/pkcs7-mime; smime-type=signed-data")
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(Buffer.from(format === "pdf" ? f.pdf : f.cms));
}
