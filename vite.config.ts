import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
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
const policy = (connectSrc: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
export const CONTENT_SECURITY_POLICY = policy("'self' https: http:");
/**
 * The agency inbox's (inbox.html): the same, except that it talks to its own
 * origin only, the receiver that serves it; the browser refuses any other.
 */
export const INBOX_CONTENT_SECURITY_POLICY = policy("'self'");

/**
 * The agency inbox is a second page of the build (inbox.html, src/inbox/),
 * served by the receiver to officers. Its own code goes under assets/inbox/,
 * which the tablet's service worker does not precache: a tablet never needs it.
 */
const INBOX_ASSETS = 'assets/inbox';
const INBOX_SOURCE = fileURLToPath(new URL('./src/inbox/', import.meta.url));
const isInboxChunk = (chunk: { moduleIds: readonly string[] }) => chunk.moduleIds.some((id) => id.startsWith(INBOX_SOURCE));

/**
 * The service worker's precache, also used by the benchmark's floor page
 * (scripts/bench/builds.ts) so that both are served offline the same way.
 */
export const WORKBOX = {
  // The whole app shell: every chunk (the lazy screens and steps, English), styles, the
  // icon; the manifest and its icons are added by the plugin (includeManifestIcons).
  // Not config.json: it is read from the network and, offline, from the copy kept in IndexedDB.
  globPatterns: ['**/*.{js,css,html,svg}'],
  // Not the agency inbox: its page and code are for officers, at the receiver (see INBOX_ASSETS).
  globIgnores: ['inbox.html', `${INBOX_ASSETS}/**`],
  navigateFallback: 'index.html',
  // Were the app and the receiver on one origin, the inbox's address would still reach the receiver.
  navigateFallbackDenylist: [/^\/inbox/],
  // The first visit is controlled at once; an update still waits for the user (no skipWaiting).
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // No runtime caching at all: requests to the receiver (another origin) are never cached,
  // and report content lives in IndexedDB only.
  runtimeCaching: [],
};

/** The browsers the build targets (the benchmark's floor is built for the same). */
export const BUILD_TARGET = 'es2022';

/** The inbox is no part of the installable tablet app: its page names no web app manifest. */
function inboxWithoutManifest(): Plugin {
  return {
    name: 'shouhu-inbox-without-manifest',
    apply: 'build',
    // After vite-plugin-pwa's own, which adds the link to every page.
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) => (context.path.endsWith('/inbox.html') ? html.replace(/<link rel="manifest"[^>]*>/, '') : html),
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'shouhu-content-security-policy',
    apply: 'build',
    transformIndexHtml: (_html, context) => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: context.path.endsWith('/inbox.html') ? INBOX_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
        },
        injectTo: 'head-prepend',
      },
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
    inboxWithoutManifest(),
  ],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: BUILD_TARGET,
    sourcemap: false,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        inbox: fileURLToPath(new URL('./inbox.html', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (isInboxChunk(chunk) ? `${INBOX_ASSETS}/[name]-[hash].js` : 'assets/[name]-[hash].js'),
        chunkFileNames: (chunk) => (isInboxChunk(chunk) ? `${INBOX_ASSETS}/[name]-[hash].js` : 'assets/[name]-[hash].js'),
        assetFileNames: (asset) =>
          asset.originalFileNames.some((name) => name.startsWith('src/inbox/')) || asset.names.includes('inbox.css')
            ? `${INBOX_ASSETS}/[name]-[hash][extname]`
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
});
