import type { ArticleKind, FaultCategory, Visibility } from "../kb.types.js";

/** One article of the shipped demo content; `related` names other demo articles by slug (listed earlier). */
export interface DemoArticle {
  slug: string;
  kind: ArticleKind;
  category?: Exclude<FaultCategory, "error_code">;
  subFault?: string;
  visibility: Visibility;
  title: string;
  titleEn: string;
  summary: string;
  summaryEn?: string;
  tags: string[];
  body: string;
  bodyEn?: string;
  related?: string[];
}

/** Shared closing section of the runbooks: the seed's deadlines and the escalation ladder (§4.4). */
export const RUNBOOK_DEADLINES = `## 时限与升级
- 接到报告后 **1 小时内** 与报告人建立联系，并指定专门工程师负责（seed §4.4.1.1）。
- **24 小时内** 通知报告人事件分析结果并提供解决方案（§4.4.1.2）。
- 事件未解决时按等级逐级上报：紧急事件 2 小时客户经理、8 小时技术支持经理、12 小时技术总裁、24 小时总裁；严重事件 8 / 12 / 24 小时；一般事件 12 / 24 小时（§4.4.3）。
- 远程无法解决的，由本地服务点在 **4 小时内** 到现场处理（§4.2）。
- 处理完毕后把跟踪记录写入工作移交清单，交客户服务组存入客户支持档案。`;
