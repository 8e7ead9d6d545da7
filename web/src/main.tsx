/** Entry point of the landtrade staff web app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { BoardPage } from "./board/board-page.tsx";
import { I18nProvider } from "./i18n/i18n.tsx";
import { MetaProvider } from "./meta.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

// The big-screen board (/board/:parcelId) is public: no login, no staff shell.
const board = /^\/board\/([^/]+)\/?$/.exec(window.location.pathname)?.[1] ?? null;

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <MetaProvider>
        {board ? <BoardPage parcelId={board} /> : <App />}
      </MetaProvider>
    </I18nProvider>
  </StrictMode>,
);
