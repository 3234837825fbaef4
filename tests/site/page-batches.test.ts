/** Page batches (scripts/site/page-batches.ts): marks, cutting a batch into pages, writing them. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchKey, pageMark, splitBatch, writePages } from '../../scripts/site/page-batches.ts';

const temp = mkdtempSync(join(tmpdir(), 'page-batches-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const key = 'a'.repeat(32);
const doc = (body: string) => `<!DOCTYPE html><html lang="en"><head></head><body>${body}</body></html>`;
const batch = (pages: Array<[string, string]>, k = key) =>
  pages.map(([path, body]) => pageMark(k, path) + doc(body)).join('');

describe('page batches', () => {
  it('a batch comes apart into its pages, in order, each a whole document with its doctype', () => {
    const pages = splitBatch(
      batch([
        ['server/a.b/one/', 'first'],
        ['server/a.b/two/', 'second'],
      ]),
      key,
    );
    expect(pages.map((p) => p.path)).toEqual(['server/a.b/one/', 'server/a.b/two/']);
    expect(pages.map((p) => p.html)).toEqual([doc('first'), doc('second')]);
  });

  it("Astro's doctype before the first mark is not a page", () => {
    const pages = splitBatch(`<!DOCTYPE html>${batch([['server/a.b/one/', 'x']])}`, key);
    expect(pages).toHaveLength(1);
  });

  it("a mark in a server's own text, with any other key, is text of that page", () => {
    const forged = `</html>${pageMark('0'.repeat(32), 'server/a.b/victim/')}<p>not yours</p>`;
    const pages = splitBatch(
      batch([
        ['server/a.b/forger/', forged],
        ['server/a.b/victim/', 'real'],
      ]),
      key,
    );
    expect(pages.map((p) => p.path)).toEqual(['server/a.b/forger/', 'server/a.b/victim/']);
    expect(pages[0]!.html).toContain('not yours');
    expect(pages[1]!.html).toBe(doc('real'));
  });

  it('each build has its own key, and a batch without one is refused', () => {
    expect(batchKey()).toMatch(/^[0-9a-f]{32}$/);
    expect(batchKey()).not.toBe(batchKey());
    expect(() => splitBatch(batch([['server/a.b/one/', 'x']]), '')).toThrow(/no key/);
  });

  it('a batch that is not marks and whole documents is an error, never a page', () => {
    expect(() => splitBatch(`<p>stray</p>${batch([['server/a.b/one/', 'x']])}`, key)).toThrow(/starts with something/);
    expect(() => splitBatch(`${pageMark(key, 'server/a.b/one/')}<html><body>cut`, key)).toThrow(/not a whole document/);
    expect(() => splitBatch(`${pageMark(key, 'server/a.b/one/')}<html></html>`, key)).toThrow(/not a whole document/);
  });

  it('a page folder outside the site is refused', () => {
    for (const path of [
      'server/../../etc/',
      '/etc/',
      'index/',
      'v0.1/servers/',
      'server/a.b/one',
      'server//one/',
      'server/./x/',
      'server\\x/',
    ])
      expect(() => splitBatch(batch([[path, 'x']]), key), path).toThrow(/not a page folder/);
  });

  it('the pages are written as <folder>/index.html', () => {
    writePages(
      temp,
      splitBatch(
        batch([
          ['server/a.b/one/', 'first'],
          ['server/c.d/two/', 'second'],
        ]),
        key,
      ),
    );
    expect(readdirSync(join(temp, 'server')).sort()).toEqual(['a.b', 'c.d']);
    expect(readFileSync(join(temp, 'server/a.b/one/index.html'), 'utf8')).toBe(doc('first'));
    expect(readFileSync(join(temp, 'server/c.d/two/index.html'), 'utf8')).toBe(doc('second'));
  });
});
