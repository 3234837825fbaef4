/**
 * Every page type of the site, in light and dark, on a desktop and on a phone (390 × 844): axe-core (WCAG 2.1 A and
 * AA rules) finds no serious or critical violation, and on the phone no page scrolls sideways: what is wider (tables,
 * code) scrolls inside its own box, which Tab reaches and which has a name. Screenshots of the phone layouts are saved
 * under test-artifacts/.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, routeExternal, startBrowserSite } from './browser-site.ts';
import type { BrowserSite } from './browser-site.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 390, height: 844 };

interface PageType {
  type: string;
  path: string;
  /** Wait for this before checking (the search page renders its results from the index). */
  ready?: string;
}

const PAGES: PageType[] = [
  { type: 'home', path: '' },
  { type: 'search', path: '?q=server&status=all', ready: '#search[data-ready="true"]' },
  { type: 'browse', path: 'browse/2/' },
  { type: 'server', path: 'server/io.modelcontextprotocol.anonymous/brave-search/' },
  { type: 'server (deleted)', path: 'server/io.modelcontextprotocol.anonymous/embedded-mcp/' },
  { type: 'namespaces', path: 'namespaces/' },
  { type: 'namespace', path: 'namespaces/io.github.example/' },
  { type: 'stats', path: 'stats/' },
  { type: 'api', path: 'api/' },
  { type: 'add', path: 'add/' },
  { type: '404', path: 'no-such-page/' },
];

interface Mode {
  name: string;
  colorScheme: 'light' | 'dark';
  phone: boolean;
}

const MODES: Mode[] = [
  { name: 'light desktop', colorScheme: 'light', phone: false },
  { name: 'dark desktop', colorScheme: 'dark', phone: false },
  { name: 'light phone', colorScheme: 'light', phone: true },
  { name: 'dark phone', colorScheme: 'dark', phone: true },
];

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Per page type and mode: serious + critical violations, and the page's width on the phone. */
const summary: string[] = [];
let widest = 0;

let site: BrowserSite;

beforeAll(async () => {
  site = await startBrowserSite();
});

afterAll(async () => {
  await site?.close();
  if (summary.length)
    console.log(
      `axe (serious+critical) per page type and mode; widest page at 390 px: ${widest}\n${summary.sort().join('\n')}`,
    );
});

/** Axe over the whole document, every <details> opened first so what it hides is checked too. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(() => {
    for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
  });
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
  }, WCAG_TAGS);
}

/**
 * The document's width, and the outermost elements that stick out of the viewport; what is inside a box that scrolls
 * on its own may be wider.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const wide: string[] = [];
    const walk = (el: Element, parentWide: boolean): void => {
      const r = el.getBoundingClientRect();
      const sticksOut = (r.width > 0 || r.height > 0) && r.right > vw + 0.5;
      if (sticksOut && !parentWide) {
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
        wide.push(`<${el.tagName.toLowerCase()}> right edge at ${Math.round(r.right)} px: ${text}`);
      }
      if (getComputedStyle(el).overflowX !== 'visible') return;
      for (const child of Array.from(el.children)) walk(child, sticksOut);
    };
    for (const child of Array.from(document.body.children)) walk(child, false);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

/** Tables and code blocks whose scrolling box is not reachable by Tab or has no accessible name. */
async function unreachableScrollBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('main pre, main table'))) {
      if (el.closest('.visually-hidden')) continue;
      let box: Element | null = el;
      while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
      const what = `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}`;
      if (!box || box === document.body) {
        bad.push(`${what}: not inside a box that scrolls`);
        continue;
      }
      const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
      (box as HTMLElement).focus();
      const focusable = document.activeElement === box;
      if (box.getAttribute('tabindex') !== '0' || !focusable || box.getAttribute('role') !== 'region' || !named)
        bad.push(`${what}: its scrolling <${box.tagName.toLowerCase()}> needs tabindex="0", role="region" and a name`);
    }
    return bad;
  });
}

function describeViolations(list: Violation[]): string {
  return list.map((v) => `${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.slice(0, 8).join('\n    ')}`).join('\n');
}

describe.concurrent.for(MODES)('site, $name', (mode) => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await site.browser.newContext({
      colorScheme: mode.colorScheme,
      viewport: mode.phone ? PHONE : { width: 1280, height: 900 },
      ...(mode.phone ? { isMobile: true, hasTouch: true } : {}),
    });
    await routeExternal(context);
  });

  afterAll(async () => {
    await context?.close();
  });

  it.for(PAGES)('$type: no serious or critical axe violation', async ({ type, path, ready }, { expect }) => {
    const page = await context.newPage();
    await page.goto(site.preview.url + path);
    if (ready) await page.waitForSelector(ready);
    await page.evaluate(() => document.fonts.ready);
    const violations = await axeViolations(page);
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const row = `  ${type.padEnd(17)} ${mode.name.padEnd(14)} serious+critical ${severe.length}, others ${violations.length - severe.length}`;
    if (mode.phone) {
      const slug = type.replace(/\W+/g, '-').replace(/-$/, '');
      await page.screenshot({ path: join(ARTIFACTS, `site-phone-${slug}-${mode.colorScheme}.png`), fullPage: true });
      const { scrollWidth, wide } = await overflow(page);
      widest = Math.max(widest, scrollWidth);
      summary.push(`${row}, width ${scrollWidth} px`);
      expect.soft(wide, `${type} at 390 px, wider than the screen:\n  ${wide.slice(0, 20).join('\n  ')}`).toEqual([]);
      expect.soft(scrollWidth, `${type} at 390 px scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
      const boxes = await unreachableScrollBoxes(page);
      expect.soft(boxes, `${type}, tables and code:\n  ${boxes.join('\n  ')}`).toEqual([]);
    } else summary.push(row);
    expect(severe, `${type}, ${mode.name}:\n${describeViolations(severe)}`).toEqual([]);
    await page.close();
  });
});
