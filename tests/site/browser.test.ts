/**
 * The site in a real browser (playwright-core driving the Chromium that scripts/site/chromium.ts finds) against the
 * preview server, mounted under a non-root base path (tests/site/browser-site.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Preview } from '../../scripts/preview/server.ts';
import { listed, siteServers } from '../../scripts/site/model.ts';
import { ARTIFACTS, BASE, PAGE_SIZE, routeExternal, startBrowserSite } from './browser-site.ts';
import type { BrowserSite } from './browser-site.ts';
import { fixtureRecords, META_KEY } from './fixture.ts';

let site: BrowserSite;
let preview: Preview;
let browser: Browser;
let context: BrowserContext;
const consoleErrors: string[] = [];
const servers = listed(siteServers(fixtureRecords(), META_KEY));

/** A page that records console errors and page errors; non-loopback requests (icons) get a tiny image. */
async function open(ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function resultNames(page: Page): Promise<string[]> {
  return page.$$eval('#results li .name', (els) => els.map((e) => (e.textContent ?? '').split(' · ')[0]!.trim()));
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('#search[data-ready="true"]');
}

beforeAll(async () => {
  site = await startBrowserSite();
  ({ preview, browser } = site);
  context = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 1200, height: 900 },
  });
  await routeExternal(context);
});

afterAll(async () => {
  await site?.close();
});

describe('search site in Chromium', () => {
  it('loads the index lazily and finds a server by a word of its description', async () => {
    const page = await open();
    const indexRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/search/index.')) indexRequests.push(r.url());
    });
    await page.goto(preview.url);
    expect(await page.locator('#results li').count()).toBe(PAGE_SIZE);
    await page.screenshot({ path: join(ARTIFACTS, 'site-home.png'), fullPage: true });
    await page.waitForTimeout(300);
    expect(indexRequests).toEqual([]); // nothing fetched before the first interaction
    await page.fill('#q', 'integration');
    await waitReady(page);
    expect(indexRequests).toHaveLength(1);
    expect(indexRequests[0]).toMatch(/\/registry\/search\/index\.[0-9a-f]{12}\.json$/);
    expect(await resultNames(page)).toEqual(['io.modelcontextprotocol.anonymous/brave-search']);
    expect(await page.locator('#results li mark').first().textContent()).toBe('integration');
    expect(await page.textContent('#summary')).toContain('1 server');
    await page.screenshot({ path: join(ARTIFACTS, 'site-results.png'), fullPage: true });
    await page.close();
  });

  it('finds a server by a package identifier and by a remote host', async () => {
    const page = await open();
    await page.goto(preview.url);
    await page.fill('#q', 'weather-mcp-server');
    await waitReady(page);
    expect((await resultNames(page))[0]).toBe('io.github.example/weather-mcp');
    await page.fill('#q', '@modelcontextprotocol/server-brave-search');
    await page.waitForFunction(() =>
      document.querySelector('#results li .name')?.textContent?.includes('brave-search'),
    );
    expect((await resultNames(page))[0]).toBe('io.modelcontextprotocol.anonymous/brave-search');
    await page.fill('#q', 'mcp-fs.anonymous');
    await page.waitForFunction(() => document.querySelector('#results li .name')?.textContent?.includes('mcp-fs'));
    expect((await resultNames(page))[0]).toBe('io.modelcontextprotocol.anonymous/mcp-fs');
    await page.close();
  });

  it('filters narrow the results, live in the URL and are restored from it', async () => {
    const page = await open();
    await page.goto(preview.url);
    await page.focus('#q');
    await page.check('input[name=type][value=pypi]');
    await waitReady(page);
    const pypi = servers.filter((s) => s.status === 'active' && s.packageTypes.includes('pypi')).map((s) => s.name);
    expect(pypi.length).toBeGreaterThan(1);
    await page.waitForFunction((n) => document.querySelectorAll('#results li').length === n, pypi.length);
    expect(await resultNames(page)).toEqual(pypi);
    expect(new URL(page.url()).searchParams.getAll('type')).toEqual(['pypi']);

    await page.uncheck('input[name=type][value=pypi]');
    await page.check('input[name=type][value=npm]');
    await page.check('input[name=kind][value=remote]');
    const both = servers
      .filter((s) => s.status === 'active' && s.packageTypes.includes('npm') && s.kinds.includes('remote'))
      .map((s) => s.name);
    expect(both.length).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('#results li').length === n, both.length);
    expect(await resultNames(page)).toEqual(both);
    const shared = page.url();
    expect(shared).toContain('kind=remote');

    // A fresh page with the shared URL shows the same search.
    const again = await open();
    await again.goto(shared);
    await waitReady(again);
    expect(await again.isChecked('input[name=type][value=npm]')).toBe(true);
    expect(await again.isChecked('input[name=type][value=pypi]')).toBe(false);
    expect(await again.isChecked('input[name=kind][value=remote]')).toBe(true);
    expect(await resultNames(again)).toEqual(both);
    await again.close();

    // Deprecated servers are hidden unless asked for; namespaces filter by prefix.
    const q = new URLSearchParams({ q: 'quay' });
    await page.goto(`${preview.url}?${q}`);
    await waitReady(page);
    expect(await resultNames(page)).toEqual([]);
    await page.selectOption('#status', 'all');
    await page.waitForFunction(() => document.querySelectorAll('#results li').length === 1);
    expect(await resultNames(page)).toEqual(['io.github.example/quay-sample-mcp']);
    expect(await page.locator('#results li .badge.deprecated').count()).toBe(1);
    await page.goto(`${preview.url}?ns=io.github.domdomegg`);
    await waitReady(page);
    expect(await resultNames(page)).toEqual(
      servers.filter((s) => s.namespace === 'io.github.domdomegg').map((s) => s.name),
    );
    await page.close();
  });

  it('keyboard only: Tab to the search box, type, arrow to a result, Enter opens it', async () => {
    const page = await open();
    await page.goto(preview.url);
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'q'; i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('integration');
    await waitReady(page);
    await page.waitForFunction(() => document.querySelectorAll('#results li').length === 1);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Brave Search');
    await Promise.all([page.waitForURL(/brave-search\/$/), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toContain('Brave Search');
    // "/" jumps back to search from anywhere on the search page.
    await page.goto(preview.url);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.close();
  });

  const vscodeOf = async (page: Page, launch: string): Promise<any> =>
    JSON.parse((await page.textContent(`[data-launch="${launch}"] pre[data-client="vscode"]`))!);

  it('server pages show a correct, copyable VS Code configuration: npm, PyPI and remote', async () => {
    const page = await open();
    await page.goto(`${preview.url}server/io.modelcontextprotocol.anonymous/brave-search/`);
    expect(await vscodeOf(page, 'npm')).toEqual({
      inputs: [{ type: 'promptString', id: 'brave-api-key', description: 'Brave Search API Key', password: true }],
      servers: {
        'brave-search': {
          type: 'stdio',
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-brave-search@1.0.2'],
          env: { BRAVE_API_KEY: '${input:brave-api-key}' },
        },
      },
    });
    await page.click('[data-launch="npm"] button.copy >> nth=0');
    await page.waitForFunction(
      () => document.querySelector('[data-launch="npm"] button.copy')?.textContent === 'Copied',
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(await vscodeOf(page, 'npm'));
    // Screen readers hear it: the status region (announced politely) says what was copied.
    await page.waitForFunction(() => document.querySelector('[role=status]#copy-status')?.textContent !== '');
    expect(await page.textContent('#copy-status')).toMatch(/^Copied the VS Code configuration for npm · /);
    const link = await page.getAttribute('[data-launch="npm"] a.button.primary', 'href');
    expect(JSON.parse(decodeURIComponent(link!.replace('vscode:mcp/install?', ''))).command).toBe('npx');

    await page.goto(`${preview.url}server/io.github.example/weather-mcp/`);
    await page.screenshot({ path: join(ARTIFACTS, 'site-server.png'), fullPage: true });
    expect(await vscodeOf(page, 'pypi')).toEqual({
      inputs: [
        { type: 'promptString', id: 'weather-api-key', description: 'API key for weather service', password: true },
        {
          type: 'promptString',
          id: 'weather-units',
          description: 'Temperature units (celsius, fahrenheit)',
          default: 'celsius',
        },
      ],
      servers: {
        'weather-mcp': {
          type: 'stdio',
          command: 'uvx',
          args: ['weather-mcp-server@0.5.0'],
          env: { WEATHER_API_KEY: '${input:weather-api-key}', WEATHER_UNITS: '${input:weather-units}' },
        },
      },
    });
    expect(await page.locator('[data-launch="pypi"] .badge', { hasText: 'secret' }).count()).toBe(1);

    await page.goto(`${preview.url}server/io.modelcontextprotocol.anonymous/mcp-fs/`);
    expect(await vscodeOf(page, 'remote')).toEqual({
      servers: { 'mcp-fs': { type: 'http', url: 'https://mcp-fs.anonymous.modelcontextprotocol.io/http' } },
    });
    await page.click('[data-launch="remote"] button.copy >> nth=0');
    await page.waitForFunction(
      () => document.querySelector('[data-launch="remote"] button.copy')?.textContent === 'Copied',
    );
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(
      await vscodeOf(page, 'remote'),
    );
    // Versions come from the records: the deprecated version's status and the latest marker.
    await page.goto(`${preview.url}server/io.github.domdomegg/airtable-mcp-server/`);
    const rows = await page.$$eval('#versions + .scroll table tbody tr', (trs) =>
      trs.map((tr) => tr.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows[0]).toMatch(/^1\.7\.3 latest active/);
    expect(rows[1]).toMatch(/^1\.7\.2 active/);
    await page.close();
  });

  it('every link works under the non-root base path', async () => {
    const page = await open();
    const seen = new Set<string>();
    const queue = [preview.url];
    const bad: string[] = [];
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await page.request.get(url, { maxRedirects: 0 });
      if (res.status() !== 200) {
        bad.push(`${url} → ${res.status()}`);
        continue;
      }
      if (!(res.headers()['content-type'] ?? '').includes('text/html')) continue;
      const html = await res.text();
      for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        const raw = m[1]!.replace(/&amp;/g, '&');
        if (
          /^(https?:|vscode:|cursor:|mailto:|#)/.test(raw) &&
          !raw.startsWith(preview.url.replace(/\/registry\/$/, ''))
        )
          continue;
        const abs = new URL(raw, url);
        if (!abs.pathname.startsWith(BASE)) bad.push(`${url} links outside the base path: ${raw}`);
        // The API's files are not in this site-only dist (the full-flow test checks them).
        if (/^\/registry\/v0(\.1)?\//.test(abs.pathname)) continue;
        abs.hash = '';
        queue.push(abs.href);
      }
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(servers.length); // every server page, namespace pages, browse pages, assets
    await page.close();
  });

  it('works without JavaScript: every listed server is reachable through the plain list pages', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    await routeExternal(noJs);
    const page = await open(noJs);
    await page.goto(preview.url);
    const names: string[] = [];
    for (;;) {
      names.push(...(await resultNames(page)));
      const next = page.locator('a[rel=next]');
      if ((await next.count()) === 0) break;
      await Promise.all([page.waitForNavigation(), next.click()]);
    }
    expect(names).toEqual(servers.map((s) => s.name));
    await noJs.close();
  });

  it('stats, API, guide and namespace pages render; stats charts are SVG', async () => {
    const page = await open();
    await page.goto(`${preview.url}stats/`);
    expect(await page.locator('svg.chart').count()).toBe(3);
    await page.goto(`${preview.url}api/`);
    expect(await page.textContent('h1')).toContain('API');
    await page.goto(`${preview.url}add/`);
    expect(await page.textContent('main')).toContain('npm run new');
    await page.goto(`${preview.url}namespaces/io.github.example/`);
    expect((await resultNames(page)).every((n) => n.startsWith('io.github.example/'))).toBe(true);
    await page.close();
  });

  it('no console errors on any page visited', () => {
    expect(consoleErrors).toEqual([]);
  });
});
