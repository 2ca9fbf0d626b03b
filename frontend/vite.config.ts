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

const LANDING_ROUTES = new Set(["/_authed", "/_authed/w/$workspaceId", "/_authed/w/$workspaceId/"]);

export default defineConfig(({ mode }) => ({
  base,
  plugins: [
    // The router plugin generates src/routeTree.gen.ts and splits every route into its own chunk.
    mode !== "test" &&
      tanstackRouter({
        target: "react",
        autoCodeSplitting: true,
        codeSplittingOptions: {
          // The routes a signed-in visit lands on (the authed and workspace layouts, the dashboard)
          // ship with the entry: split, they were a second wave of requests after /users/me.
          splitBehavior: ({ routeId }: { routeId: string }) => (LANDING_ROUTES.has(routeId) ? [] : undefined),
        },
      }),
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
    // The entry holds React, the router, the query client and the signed-in landing routes (about
    // 590 KB minified); its budget is the gzip size `npm run size` checks (250 KB).
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What a first visit runs before any lazy chunk, in one file rather than a dozen
            // small shared chunks (each a request on HTTP/1.1's six connections).
            { name: "app", tags: ["$initial"], priority: 4 },
            // Recharts and its d3 parts in one chunk, loaded with the first chart.
            { name: "charts-vendor", test: /node_modules[\\/](recharts|d3-|victory-vendor|internmap|decimal\.js-light|es-toolkit|eventemitter3|immer|reselect|@reduxjs|react-redux|redux|tiny-invariant)/, priority: 3 },
            // Icons are a few hundred bytes each: one chunk, not one per icon.
            { name: "icons", test: /node_modules[\\/]lucide-react/, priority: 2 },
            // Code shared by several lazy routes, in one chunk instead of many tiny ones.
            { name: "shared", minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
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
    // Worker threads start faster than forked processes: 60 s instead of 71 s for the suite here.
    pool: "threads",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
  },
}));
