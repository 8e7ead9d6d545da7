/** Scheduler and leader leases (src/ops/scheduler). */
import type { ErrorSpec } from "../error-spec.js";

export const SCHEDULER_ERRORS = {
  SCHEDULER_JOB_INVALID: {
    status: 500,
    zh: "计划任务参数无效",
    en: "Invalid scheduled job",
    cause: { zh: "程序提交的任务类别、键、到期时间或数据不符合要求。", en: "The code scheduled a job with a bad kind, key, due time or payload." },
    remedy: { zh: "这是程序缺陷，请将请求编号报告给运维。", en: "This is a defect; report the request id to operations." },
  },
  SCHEDULER_KIND_TAKEN: {
    status: 500,
    zh: "计划任务类别重复注册",
    en: "A scheduled-job kind was registered twice",
    remedy: { zh: "每个任务类别只能有一个处理程序。", en: "Each job kind has exactly one handler." },
  },
  SCHEDULER_LEASE_LOST: {
    status: 409,
    zh: "主节点租约已失效",
    en: "The leader lease is no longer held",
    cause: {
      zh: "本节点停顿超过租约时间，已由其他节点接管（防护纪元已改变）。",
      en: "This node stalled past its lease and another node took over (the fencing epoch changed).",
    },
    remedy: { zh: "无需处理：该职责由新的主节点继续执行。", en: "Nothing to do: the new leader carries on with the duty." },
  },
} as const satisfies Record<string, ErrorSpec>;
