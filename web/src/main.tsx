/** Entry point of the landtrade staff web app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "./i18n/i18n.tsx";
import { MetaProvider } from "./meta.tsx";
import { Root } from "./public/root.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <MetaProvider>
        <Root />
      </MetaProvider>
    </I18nProvider>
  </StrictMode>,
);
