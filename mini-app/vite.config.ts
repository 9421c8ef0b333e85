import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The manager dashboard (owned separately) is a second page of the same build when present.
const input: Record<string, string> = { sidebar: `${root}index.html` };
if (existsSync(`${root}dashboard.html`)) input.dashboard = `${root}dashboard.html`;
// The admin import page (upload, mapping, preview, progress, report).
if (existsSync(`${root}imports.html`)) input.imports = `${root}imports.html`;
// The admin automation rules page.
if (existsSync(`${root}automation.html`)) input.automation = `${root}automation.html`;
// Statistics: reps against their department average, customers by dimension.
if (existsSync(`${root}statistics.html`)) input.statistics = `${root}statistics.html`;
// Admin: the tenant's settings, and the audit log with before/after and export.
if (existsSync(`${root}settings.html`)) input.settings = `${root}settings.html`;
if (existsSync(`${root}audit.html`)) input.audit = `${root}audit.html`;
// The organisation: department tree, staff, directory sync from WeCom/DingTalk.
if (existsSync(`${root}org.html`)) input.org = `${root}org.html`;

export default defineConfig(({ command }) => ({
  root,
  base: '/sidebar/',
  plugins: [vue()],
  // A build is always the production build, even when started from a test run (NODE_ENV=test would
  // otherwise select Vue's and Vant's development code paths).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // dist/.vite/manifest.json: the asset graph scripts/bench-sidebar.ts weighs.
    manifest: true,
    target: 'es2019',
    assetsInlineLimit: 4096,
    rollupOptions: {
      input,
      output: {
        // Stable, descriptive shared chunks (both pages use Vue); long-cached by their content hash.
        manualChunks(id) {
          if (/node_modules\/(@vue|vue)\//.test(id)) return 'vue';
          if (id.includes('node_modules/vant/') || id.includes('node_modules/@vant/')) return 'vant';
          if (/mini-app\/src\/(api|platform|session)\//.test(id)) return 'platform';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npx vite mini-app` during development: the API runs on the Koa app.
    proxy: { '/api': process.env.SIDEBAR_API_ORIGIN ?? 'http://127.0.0.1:3000' },
  },
}));
