/** RFC 5280 §5.3.1 reason codes (7 is unused; 8 removeFromCRL only appears in delta CRLs). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export const REVOCATION_REASON_NAMES = Object.keys(REVOCATION_REASONS) as RevocationReason[];

export const REASON_LABELS: Record<RevocationReason, string> = {
  unspecified: "未指明",
  keyCompromise: "密钥泄露",
  cACompromise: "CA 泄露",
  affiliationChanged: "从属关系变更",
  superseded: "已被取代",
  cessationOfOperation: "停止使用",
  certificateHold: "冻结",
  privilegeWithdrawn: "权限撤销",
  aACompromise: "AA 泄露",
};
