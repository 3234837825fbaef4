/**
 * The browser lookup (scripts/site/chromium.ts): the order of the candidates per platform, the CHROMIUM_PATH override,
 * and real launches, including Playwright's channel lookup when no installed path is seen.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumNotFound, chromiumCandidates, chromiumHint, launchChromium } from '../../scripts/site/chromium.ts';
import type { Lookup } from '../../scripts/site/chromium.ts';

const lookup = (over: Partial<Lookup>): Lookup => ({
  env: {},
  platform: 'linux',
  home: '/home/me',
  exists: () => false,
  ...over,
});
const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);
const CHANNELS = [
  { kind: 'channel', channel: 'chrome' },
  { kind: 'channel', channel: 'msedge' },
];

describe('chromiumCandidates', () => {
  it("Debian's /usr/bin/chromium first, then other installed paths, Playwright's download, the channels", () => {
    const exists = only('/usr/bin/chromium', '/snap/bin/chromium', '/pw/chrome');
    expect(chromiumCandidates(lookup({ exists, playwrightPath: '/pw/chrome' }))).toEqual([
      { kind: 'path', path: '/usr/bin/chromium', from: 'installed' },
      { kind: 'path', path: '/snap/bin/chromium', from: 'installed' },
      { kind: 'path', path: '/pw/chrome', from: "Playwright's download" },
      ...CHANNELS,
    ]);
  });

  it('other distributions and macOS: their own paths; nothing installed leaves the channels', () => {
    expect(chromiumCandidates(lookup({ exists: only('/usr/bin/chromium-browser') }))[0]).toEqual({
      kind: 'path',
      path: '/usr/bin/chromium-browser',
      from: 'installed',
    });
    const mac = '/home/me/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(chromiumCandidates(lookup({ platform: 'darwin', exists: only(mac, '/usr/bin/chromium') }))).toEqual([
      { kind: 'path', path: mac, from: 'installed' },
      ...CHANNELS,
    ]);
    expect(chromiumCandidates(lookup({ platform: 'win32' }))).toEqual(CHANNELS);
  });

  it('CHROMIUM_PATH alone when set; a wrong one is an error naming it, not a fallback', () => {
    const exists = only('/usr/bin/chromium', '/opt/my/chrome');
    expect(chromiumCandidates(lookup({ exists, env: { CHROMIUM_PATH: '/opt/my/chrome' } }))).toEqual([
      { kind: 'path', path: '/opt/my/chrome', from: 'CHROMIUM_PATH' },
    ]);
    expect(() => chromiumCandidates(lookup({ exists, env: { CHROMIUM_PATH: '/nope/chrome' } }))).toThrow(
      /^CHROMIUM_PATH=\/nope\/chrome: no such file/,
    );
  });

  it('the hint names the install command of the platform and CHROMIUM_PATH', () => {
    expect(chromiumHint('linux')).toMatch(/apt-get install chromium.*CHROMIUM_PATH/);
    expect(chromiumHint('darwin')).toMatch(/Google Chrome.*brew install --cask chromium.*CHROMIUM_PATH/);
  });
});

describe('launchChromium', () => {
  it('starts the browser found here, and the same one through CHROMIUM_PATH', async () => {
    const first = await launchChromium();
    expect(first.browser.version()).toMatch(/^\d+\./);
    await first.browser.close();
    if (first.source.kind !== 'path') return; // found only through a channel: no path to hand over
    const again = await launchChromium({ env: { CHROMIUM_PATH: first.source.path } });
    expect(again.source).toEqual({ kind: 'path', path: first.source.path, from: 'CHROMIUM_PATH' });
    await again.browser.close();
  });

  it('a browser that does not start is named with its own error output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chromium-'));
    const broken = join(dir, 'chrome');
    writeFileSync(broken, '#!/bin/sh\necho "missing libnss3.so" >&2\nexit 3\n', { mode: 0o755 });
    try {
      const err = await launchChromium({ env: { CHROMIUM_PATH: broken } }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message.split('\n')[0]).toBe('No browser started:');
      expect((err as Error).message).toContain(`${broken} (CHROMIUM_PATH): `);
      expect((err as Error).message).toContain('missing libnss3.so');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with no installed path seen, asks Playwright's channels (Chrome, Edge); none there is ChromiumNotFound", async () => {
    const result = await launchChromium({ env: {}, exists: () => false }).catch((err: unknown) => err);
    if (result instanceof ChromiumNotFound) {
      expect(result.message).toBe(chromiumHint(process.platform));
      return;
    }
    // A machine with Chrome or Edge where its installer puts it: the channel starts it.
    const { browser, source } = result as Awaited<ReturnType<typeof launchChromium>>;
    expect(source.kind).toBe('channel');
    await browser.close();
  });
});
