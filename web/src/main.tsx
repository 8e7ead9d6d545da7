/** Entry point of the landtrade staff web app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { I18nProvider } from "./i18n/i18n.tsx";
import { MetaProvider } from "./meta.tsx";
import { publicPageFor } from "./public/public-routes.tsx";
import { usePath } from "./router.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

/** Public pages (no login) or the staff app. */
function Root() {
  const path = usePath();
  return publicPageFor(path) ?? <App />;
}

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <MetaProvider>
        <Root />
      </MetaProvider>
    </I18nProvider>
  </StrictMode>,
);
