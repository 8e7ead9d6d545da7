/** Server metadata (GET /api/meta), used for role labels in both languages. */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { get } from "./api/client.ts";
import type { Meta } from "./api/types.ts";
import { useI18n } from "./i18n/i18n.tsx";

const MetaContext = createContext<Meta | null>(null);

export function MetaProvider({ children }: { children: ReactNode }) {
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => {
    let live = true;
    get<Meta>("/api/meta", { quiet401: true }).then(
      (m) => live && setMeta(m),
      // Without meta, roles show as their ids; everything else works.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return <MetaContext.Provider value={meta}>{children}</MetaContext.Provider>;
}

export function useMeta(): Meta | null {
  return useContext(MetaContext);
}

/** Role id → label in the current language (the id itself until meta arrives). */
export function useRoleLabel(): (role: string) => string {
  const meta = useMeta();
  const { lang } = useI18n();
  return (role) => {
    const r = meta?.roles.find((x) => x.id === role);
    return r ? r[lang] : role;
  };
}
