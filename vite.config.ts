import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import packageJson from './package.json' with { type: 'json' };

// Shown under Settings; SHOUHU_BUILD_ID lets a test build a second, different version.
const buildId = process.env.SHOUHU_BUILD_ID || packageJson.version;

/**
 * The Content-Security-Policy of the built app: no inline script and no
 * script, style, font or image from another origin. Reports may go to any
 * configured endpoint, so connect-src is open to http(s). Only in the build:
 * the dev server's hot reload needs inline script.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self' https: http:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The service worker's precache, also used by the benchmark's floor page
 * (scripts/bench/builds.ts) so that both are served offline the same way.
 */
export const WORKBOX = {
  // The whole app shell: every chunk (the lazy screens and steps, English), styles, the
  // icon; the manifest and its icons are added by the plugin (includeManifestIcons).
  // Not config.json: it is read from the network and, offline, from the copy kept in IndexedDB.
  globPatterns: ['**/*.{js,css,html,svg}'],
  navigateFallback: 'index.html',
  // The first visit is controlled at once; an update still waits for the user (no skipWaiting).
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // No runtime caching at all: requests to the receiver (another origin) are never cached,
  // and report content lives in IndexedDB only.
  runtimeCaching: [],
};

/** The browsers the build targets (the benchmark's floor is built for the same). */
export const BUILD_TARGET = 'es2022';

function contentSecurityPolicy(): Plugin {
  return {
    name: 'shouhu-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  define: { __SHOUHU_BUILD_ID__: JSON.stringify(buildId) },
  plugins: [
    contentSecurityPolicy(),
    react(),
    VitePWA({
      // A new version waits until the user says "reload": never in the middle of a report.
      registerType: 'prompt',
      // Registered from src/main.tsx after the first screen (src/app/serviceWorker.ts).
      injectRegister: false,
      manifest: {
        id: '/',
        name: '守护 Shouhu',
        short_name: '守护',
        description: '侵害未成年人案件强制报告 · Mandatory reporting of harm to minors',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1d4f91',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: WORKBOX,
    }),
  ],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: BUILD_TARGET, sourcemap: false },
});
