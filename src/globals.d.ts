/// <reference types="vite-plugin-pwa/client" />

/** The build's version: package.json's, or SHOUHU_BUILD_ID at build time (vite.config.ts). */
declare const __SHOUHU_BUILD_ID__: string;
