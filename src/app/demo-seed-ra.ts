/**
 * RA demo data: USB keys in stock, four bidders with active certificates in
 * both suites (individual and enterprise; the SM2 ones with an escrowed
 * encryption certificate), and desk work in progress — an online
 * pre-application, an application waiting for the auditor, a USB key
 * reported lost with its replacement open. Everything goes through the RA
 * services with the demo operator and auditor (dual control holds).
 *
 * The demo bidders' private keys are kept so the demo is usable: each gets
 * <dataDir>/demo-bidders/<slug>/{key.pem, cert.pem, chain.pem} (key.pem is an
 * UNENCRYPTED PKCS#8, mode 0600 — demo only), imported into a browser at
 * /portal/import. Idempotent: applicants are found by their ID number/USCC.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config.js";
import type { SuiteId } from "../pki/algs/suite.js";
import { toPem } from "../pki/asn1/certificate.js";
import type { PkiServices } from "../pki/pki-services.js";
import type { ApplicantInput } from "../ra/applicant.schema.js";
import type { Actor } from "../ra/application-state.js";
import { requiredDocuments } from "../ra/documents.js";
import { buildCsr } from "../pki/asn1/csr-builder.js";
import { activationMessage } from "../ra/enrollment.service.js";
import { issueThroughRa } from "../ra/issue-through-ra.js";
import { generateSoftKey } from "../ra/km/key-pair.js";
import type { RaModule } from "../ra/ra.module.js";
import type { ApplicantRecord } from "../ra/ra.ports.js";
import { makeResidentId } from "../ra/validate/resident-id.js";
import { makeUscc } from "../ra/validate/uscc.js";

const OPERATOR: Actor = { id: "staff:ra-operator", roles: ["ra_operator"] };
const AUDITOR: Actor = { id: "staff:ra-auditor", roles: ["ra_auditor"] };

/** A 1×1 PNG standing in for a scanned document. */
const SCAN = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));

export interface DemoBidder {
  slug: string;
  name: string;
  suite: SuiteId;
  applicant: ApplicantInput;
}

const agent = { legalRepName: "周建国", agentName: "吴敏", agentPhone: "13973112345" };

export const DEMO_BIDDERS: DemoBidder[] = [
  { slug: "zhangwei-p256", name: "张伟", suite: "ecdsa-p256", applicant: { kind: "individual", name: "张伟", idNumber: makeResidentId("430121", "19800315", "031"), phone: "13807310001", email: "zhangwei@example.cn" } },
  { slug: "lina-sm2", name: "李娜", suite: "sm2", applicant: { kind: "individual", name: "李娜", idNumber: makeResidentId("430102", "19861120", "042"), phone: "13807310002", email: "lina@example.cn" } },
  {
    slug: "xingsha-p256",
    name: "长沙星沙置业有限公司",
    suite: "ecdsa-p256",
    applicant: { kind: "enterprise", name: "长沙星沙置业有限公司", uscc: makeUscc("91430121MA4PXQ7K3"), phone: "0731-84010001", email: "ra@xingsha-zhiye.example.cn", agentIdNumber: makeResidentId("430121", "19900601", "015"), ...agent },
  },
  {
    slug: "xiangjiang-sm2",
    name: "湖南湘江建设集团有限公司",
    suite: "sm2",
    applicant: { kind: "enterprise", name: "湖南湘江建设集团有限公司", uscc: makeUscc("91430000MA4L8N2C6"), phone: "0731-84010002", email: "ra@xiangjiang-jianshe.example.cn", agentIdNumber: makeResidentId("430104", "19880909", "027"), ...agent },
  },
];

const DESK: Record<"pre" | "waiting" | "lost", ApplicantInput> = {
  pre: { kind: "individual", name: "王芳", idNumber: makeResidentId("430121", "19920218", "064"), phone: "13807310003", email: "wangfang@example.cn" },
  waiting: { kind: "individual", name: "赵强", idNumber: makeResidentId("430111", "19750707", "013"), phone: "13807310004", email: "zhaoqiang@example.cn" },
  lost: { kind: "individual", name: "刘洋", idNumber: makeResidentId("430121", "19830504", "057"), phone: "13807310005", email: "liuyang@example.cn" },
};

export const DEMO_TOKENS = ["HT-2026-0001", "HT-2026-0002", "HT-2026-0003", "HT-2026-0004", "HT-2026-0005", "HT-2026-0006"];

export interface RaSeedResult {
  bidders: { name: string; suite: string; serial: string; dir: string; applicantId: string; kind: "individual" | "enterprise"; idNumber: string }[];
  created: boolean;
}

const pkcs8Pem = (der: Uint8Array) => `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`;

const who = (a: ApplicantRecord) => ({ applicantId: a.id, kind: a.kind, idNumber: (a.kind === "enterprise" ? a.uscc : a.idNumber) ?? "" });

export const demoBidderDir = (config: Pick<Config, "dataDir">, slug?: string) => path.resolve(config.dataDir, "demo-bidders", ...(slug ? [slug] : []));

async function applicantFor(ra: RaModule, input: ApplicantInput): Promise<{ a: ApplicantRecord; fresh: boolean }> {
  const probe = ra.applicants.build(input, OPERATOR.id);
  const found = (await ra.applicants.search({ q: input.kind === "individual" ? input.idNumber : input.uscc, limit: 1 }))[0];
  if (found && found.identityKey === probe.identityKey) return { a: found, fresh: false };
  const a = await ra.applicants.register(input, OPERATOR.id);
  for (const kind of requiredDocuments(a.kind)) {
    await ra.applicants.uploadDocument(a.id, { kind, fileName: `${kind}.png`, mediaType: "image/png", content: SCAN }, OPERATOR.id);
  }
  return { a, fresh: true };
}

export async function seedRaDemo(deps: { ra: RaModule; pki: PkiServices; config: Config }): Promise<RaSeedResult> {
  const { ra, pki, config } = deps;
  const out: RaSeedResult = { bidders: [], created: false };
  for (const serial of DEMO_TOKENS) {
    if (!(await ra.tokens.list({ q: serial, limit: 1 })).length) await ra.tokens.register({ serial, model: "飞天诚信 ePass3003 (演示)" }, OPERATOR);
  }

  for (const b of DEMO_BIDDERS) {
    const { a, fresh } = await applicantFor(ra, b.applicant);
    const dir = demoBidderDir(config, b.slug);
    if (fresh || !existsSync(path.join(dir, "key.pem"))) {
      const r = await issueThroughRa(ra, { applicantId: a.id, suite: b.suite, dual: b.suite === "sm2", operator: OPERATOR, auditor: AUDITOR, sm2UserId: config.sm2UserId });
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(path.join(dir, "key.pem"), pkcs8Pem(r.key.pkcs8), { mode: 0o600 });
      chmodSync(path.join(dir, "key.pem"), 0o600);
      writeFileSync(path.join(dir, "cert.pem"), toPem(r.certDer, "CERTIFICATE"));
      writeFileSync(path.join(dir, "chain.pem"), await pki.ca.chainPem(b.suite));
      writeFileSync(
        path.join(dir, "README.txt"),
        [
          `演示竞买人 / demo bidder: ${b.name} (${b.suite})`,
          `证书序列号 / certificate serial: ${r.serial}`,
          "",
          "用法 / How to log in: open /portal/import in the browser, choose key.pem and cert.pem, import,",
          "then /portal → 用此证书登录 (log in with this certificate).",
          "key.pem is an unencrypted PKCS#8 private key kept for the demo only. Never do this with a real bidder's key.",
        ].join("\n"),
      );
      out.created = true;
      out.bidders.push({ name: b.name, suite: b.suite, serial: r.serial, dir, ...who(a) });
    } else {
      const certs = await pki.ca.find({ holder: a.id, status: "issued", limit: 5 });
      out.bidders.push({ name: b.name, suite: b.suite, serial: certs.find((c) => c.profile.endsWith("-sign"))?.serial ?? "?", dir, ...who(a) });
    }
  }

  // Desk work in progress.
  const pre = await applicantFor(ra, DESK.pre);
  if (pre.fresh) await ra.applications.submit({ applicantId: pre.a.id, type: "new", suite: "ecdsa-p256", tokenKind: "soft", note: "网上预申请" }, "online:127.0.0.1", "online");
  const waiting = await applicantFor(ra, DESK.waiting);
  if (waiting.fresh) {
    const app = await ra.applications.submit({ applicantId: waiting.a.id, type: "new", suite: "sm2", tokenKind: "usb" }, OPERATOR.id, "counter");
    await ra.applications.vet(app.id, { originalsChecked: true, note: "身份证原件已当面核对，与扫描件一致" }, OPERATOR);
  }
  const lost = await applicantFor(ra, DESK.lost);
  if (lost.fresh) {
    const app = await ra.applications.submit({ applicantId: lost.a.id, type: "new", suite: "ecdsa-p256", tokenKind: "usb" }, OPERATOR.id, "counter");
    await ra.applications.vet(app.id, { originalsChecked: true }, OPERATOR);
    await ra.applications.approve(app.id, AUDITOR);
    const { code } = await ra.applications.issueCode(app.id, { tokenSerial: "HT-2026-0003" }, OPERATOR);
    const key = generateSoftKey("ecdsa-p256");
    const issued = await ra.enrollment.enroll(app.id, code, await buildCsr([["CN", "usb"]], key));
    await ra.enrollment.activate(app.id, code, await key.sign(new TextEncoder().encode(activationMessage(app.id, issued.serial))));
    const token = (await ra.tokens.list({ q: "HT-2026-0003", limit: 1 }))[0]!;
    await ra.tokens.report(token.id, "lost", "持有人来电挂失（演示）", OPERATOR);
  }
  return out;
}
