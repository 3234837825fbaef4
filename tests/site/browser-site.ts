/**
 * What the browser tests share: the fixture registry's site built into a temporary dist/ (buildSite, called
 * directly) under a non-root base path, served by the preview server, and a browser found by
 * scripts/site/chromium.ts. Only loopback is reachable from its pages.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { startPreview } from '../../scripts/preview/server.ts';
import type { Preview } from '../../scripts/preview/server.ts';
import { buildSite } from '../../scripts/site/build-site.ts';
import { launchChromium } from '../../scripts/site/chromium.ts';
import { fixtureConfig, fixtureRecords } from './fixture.ts';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');
export const BASE = '/registry/';
export const PAGE_SIZE = 5;

export interface BrowserSite {
  preview: Preview;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserSite(): Promise<BrowserSite> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'site-browser-'));
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await preview?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await buildSite({
      root: process.cwd(),
      outDir: dir,
      config: fixtureConfig(),
      records: fixtureRecords(),
      basePath: BASE,
      pageSize: PAGE_SIZE,
    });
    preview = await startPreview({ dir, basePath: BASE });
    ({ browser } = await launchChromium());
    return { preview, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Only loopback may be reached: external resources (server icons) are answered locally with a tiny image. */
export async function routeExternal(ctx: BrowserContext): Promise<void> {
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'image/svg+xml',
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    }),
  );
}
