/**
 * Server and namespace pages rendered in batches: the build's Astro process renders many of them per Astro page
 * (site/src/pages/batches/[batch].astro), and this integration (site/astro.config.mjs) cuts each batch back into its
 * pages and writes them where one Astro page each would have put them, byte for byte the same.
 *
 * Why: Astro's own work per page (request, render context, response, file) costs more than a server page's content;
 * at 10,000 servers one Astro page per server was most of the site's build time (docs/benchmarks.md, "main").
 *
 * A batch is a run of marks, each followed by a whole document (`<!DOCTYPE html>…</html>`). A mark holds a key made
 * afresh for each build (REGISTRY_SITE_BATCH_KEY) and the page's folder. Server data can put `<!--` on a page (Astro
 * escapes only `&` and `"` in attribute values) but cannot know the key, so it can never forge a mark and move text
 * into another page. The pages carry nothing Astro adds once per Astro page: the stylesheet and the copy script are
 * loaded by URL (Base.astro, InstallConfigs.astro), and Base.astro writes each page's doctype itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import { PER_NAMESPACE_FOLDERS } from './model.ts';

/** The route whose pages are batches (its params name nothing a visitor sees). */
export const BATCH_ROUTE = '/batches/[batch]';
/** Pages per batch when the build renders them so (build-site.ts). */
export const BATCH_SIZE = 64;

const DOCTYPE = '<!DOCTYPE html>';

export interface BatchPage {
  /** Folder of the page below the output folder, with a trailing slash: `server/<ns>/<slug>/`, `namespaces/<ns>/`. */
  path: string;
  html: string;
}

/** A key for one build's marks: 128 random bits, as hex. */
export function batchKey(): string {
  return randomBytes(16).toString('hex');
}

/** What the batch route writes before each page. */
export function pageMark(key: string, path: string): string {
  return `<!--page:${key}:${path}-->`;
}

/** A page folder is below `server/` or `namespaces/`, names no parent or current folder and ends with a slash. */
function checkedPath(path: string): string {
  const parts = path.split('/');
  const inside = PER_NAMESPACE_FOLDERS.includes(parts[0]!) && path.endsWith('/') && !path.includes('\\');
  if (!inside || parts.slice(0, -1).some((p) => p === '' || p === '.' || p === '..'))
    throw new Error(`A page batch names the folder "${path}", which is not a page folder of the site.`);
  return path;
}

/** Cuts a rendered batch into its pages; a batch that is not marks and whole documents is an error. */
export function splitBatch(body: string, key: string): BatchPage[] {
  if (!/^[0-9a-f]{32}$/.test(key)) throw new Error('The page batches have no key (REGISTRY_SITE_BATCH_KEY).');
  const parts = body.split(new RegExp(`<!--page:${key}:([^>]*?)-->`));
  // Astro puts a doctype before the first chunk of any page that does not start with one.
  if (parts[0] !== '' && parts[0] !== DOCTYPE)
    throw new Error(`A page batch starts with something other than a page: ${parts[0]!.slice(0, 80)}`);
  const pages: BatchPage[] = [];
  for (let k = 1; k < parts.length; k += 2) {
    const path = checkedPath(parts[k]!);
    const html = parts[k + 1]!;
    if (!html.startsWith(DOCTYPE) || !html.trimEnd().endsWith('</html>'))
      throw new Error(`The page ${path} in a page batch is not a whole document.`);
    pages.push({ path, html });
  }
  return pages;
}

/** Writes each page as `<outDir>/<path>index.html`, as Astro's `directory` build format would. */
export function writePages(outDir: string, pages: BatchPage[]): void {
  for (const page of pages) {
    const dir = join(outDir, page.path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), page.html);
  }
}

/** The integration: wraps Astro's prerenderer so a batch's pages are written and the batch itself is not. */
export function batchedPages(env: NodeJS.ProcessEnv = process.env): AstroIntegration {
  let outDir = '';
  return {
    name: 'registry:page-batches',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': ({ setPrerenderer }) => {
        const key = env.REGISTRY_SITE_BATCH_KEY ?? '';
        setPrerenderer((astro: AstroPrerenderer) => batchingPrerenderer(astro, () => outDir, key));
      },
    },
  };
}

export function batchingPrerenderer(astro: AstroPrerenderer, outDir: () => string, key: string): AstroPrerenderer {
  return {
    name: `${astro.name}+registry:page-batches`,
    setup: astro.setup && (() => astro.setup!()),
    teardown: astro.teardown && (() => astro.teardown!()),
    collectStaticImages: astro.collectStaticImages && (() => astro.collectStaticImages!()),
    getStaticPaths: () => astro.getStaticPaths(),
    async render(request, options) {
      const rendered = await astro.render(request, options);
      if (options.routeData.route !== BATCH_ROUTE) return rendered;
      const response = rendered instanceof Response ? rendered : rendered.response;
      if (response.status !== 200) return rendered;
      writePages(outDir(), splitBatch(await response.text(), key));
      // An empty body: Astro writes no file for the batch itself.
      return new Response(null, { status: 204 });
    },
  };
}
