/** Role ids shown as labelled chips in the current language. */
import { useRoleLabel } from "../meta.tsx";

export function RoleList({ roles, testId }: { roles: readonly string[]; testId?: string }) {
  const label = useRoleLabel();
  return (
    <span className="role-list" data-testid={testId}>
      {roles.map((r) => (
        <span key={r} className="role-chip" data-role={r}>
          {label(r)}
        </span>
      ))}
    </span>
  );
}
