// The search site. Built by scripts/site/build-site.ts, which passes everything through environment variables:
// the data file (records already grouped), the base path, the origin and a temporary output folder.
import { defineConfig } from 'astro/config';
import { batchedPages } from '../scripts/site/page-batches.ts';

const env = process.env;

export default defineConfig({
  site: env.REGISTRY_SITE_ORIGIN || undefined,
  base: env.REGISTRY_SITE_BASE || '/',
  outDir: env.REGISTRY_SITE_OUT || './dist',
  // A private cache per build: parallel builds (tests, bench) never share one.
  cacheDir: env.REGISTRY_SITE_CACHE || './node_modules/.astro',
  output: 'static',
  trailingSlash: 'ignore',
  compressHTML: true,
  // Pages render while earlier ones are still being written: with one at a time (Astro's default), each page waits
  // for its folder and file to be created, and at 10,000 pages that wait is most of the build's wall time.
  build: { format: 'directory', inlineStylesheets: 'never', assets: '_astro', concurrency: 8 },
  devToolbar: { enabled: false },
  // Server and namespace pages render many to an Astro page and are written one file each (scripts/site/page-batches.ts).
  integrations: [batchedPages()],
  // Code in the rendered docs, light and dark (global.css switches): both themes keep every token at 4.5:1 or more.
  markdown: { shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } } },
  vite: {
    // Vite's own cache (optimized deps) per build too, never the shared site/node_modules/.vite.
    cacheDir: env.REGISTRY_SITE_CACHE ? `${env.REGISTRY_SITE_CACHE}/vite` : undefined,
    // The pages import the shared modules in ../scripts/site (install configs, search options, charts).
    server: { fs: { allow: ['..'] } },
    logLevel: 'warn',
  },
});
