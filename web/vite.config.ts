/**
 * Staff web app build. `npm run build:web` writes dist/web, which the API
 * server serves when dist/web/index.html exists; `npm run dev:web` proxies
 * the API to a server on 127.0.0.1:8080.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const api = "http://127.0.0.1:8080";

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      "/api": api,
      "/healthz": api,
      "/readyz": api,
    },
  },
});
