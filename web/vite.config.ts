// Vite build of the Carrel browser app. JSX is compiled by esbuild for Preact (no framework
// plugin needed). `npm run dev` proxies the API and Socket.IO to a server on CARREL_DEV_SERVER
// (default http://localhost:8080), so the app can be developed with hot reload.
import { defineConfig } from "vite";

const server = process.env.CARREL_DEV_SERVER ?? "http://localhost:8080";

export default defineConfig({
  esbuild: {
    jsx: "automatic",
    jsxImportSource: "preact",
  },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    target: "es2022",
    sourcemap: true,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": server,
      "/healthz": server,
      "/socket.io": { target: server, ws: true },
    },
  },
});
