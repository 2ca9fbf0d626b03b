/// <reference types="vitest/config" />
import path from "node:path";
import tailwindcss from "@tailwindcss/vite";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backendUrl = process.env.MODELYARD_DEV_BACKEND ?? "http://127.0.0.1:8000";

// `VITE_CDN_BASE_URL` lets a build reference its hashed assets from a CDN
// (e.g. https://cdn.example.com/modelyard/); the backend still serves index.html.
const base = process.env.VITE_CDN_BASE_URL ?? "/";

export default defineConfig(({ mode }) => ({
  base,
  plugins: [
    // The router plugin generates src/routeTree.gen.ts and splits every route into its own chunk.
    mode !== "test" && tanstackRouter({ target: "react", autoCodeSplitting: true }),
    react(),
    tailwindcss(),
  ],
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname, "src") },
  },
  build: {
    // `modelyard serve` hosts this directory at `/` (SPA fallback, immutable /assets).
    outDir: path.resolve(import.meta.dirname, "../src/modelyard/web/static"),
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
  },
  server: {
    proxy: {
      "/api": backendUrl,
      "/healthz": backendUrl,
    },
  },
  preview: {
    proxy: {
      "/api": backendUrl,
      "/healthz": backendUrl,
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
  },
}));
