/**
 * The one way this project starts a browser (the site's browser tests, the search benchmark, `.ci/ensure-chromium`):
 * `CHROMIUM_PATH` when set, else a Chromium or Chrome installed where distributions put it, else Playwright's own
 * download, else Playwright's channel lookup (Google Chrome, then Microsoft Edge, where their installers put them on
 * Linux, macOS and Windows). Debian's `/usr/bin/chromium` comes first, so CI here starts what it always started.
 *
 * Run directly (`npx node scripts/site/chromium.ts`) it starts the browser it finds, prints its version and where it
 * came from, and exits 1 with what to install when there is none.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Browser } from 'playwright-core';

/** Headless, no sandbox (CI runs as root), nothing fetched in the background. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Playwright's channels tried last, in this order: it knows where their installers put them on each platform. */
export const CHROMIUM_CHANNELS = ['chrome', 'msedge'] as const;

export type ChromiumSource =
  | { kind: 'path'; path: string; from: string }
  | { kind: 'channel'; channel: (typeof CHROMIUM_CHANNELS)[number] };

/** Executables by platform, most likely first (package managers' names, then app bundles). */
export function knownPaths(platform: NodeJS.Platform, home: string): string[] {
  if (platform === 'linux')
    return [
      '/usr/bin/chromium', // Debian, Arch, openSUSE
      '/usr/bin/chromium-browser', // Fedora, Alpine, Ubuntu before snaps
      '/snap/bin/chromium',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
    ];
  if (platform === 'darwin')
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium', // Homebrew's cask
      `${home}/Applications/Chromium.app/Contents/MacOS/Chromium`,
      `${home}/Applications/Google Chrome.app/Contents/MacOS/Google Chrome`, // a per-user install
    ];
  return [];
}

export interface Lookup {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  exists: (path: string) => boolean;
  /** Playwright's downloaded Chromium (`npx playwright install chromium`), when it is there. */
  playwrightPath?: string;
}

/**
 * The browsers to try, in order. `CHROMIUM_PATH` alone when set (a wrong value is an error, never a fallback);
 * otherwise every known path that exists, then the channels, which Playwright resolves at launch.
 */
export function chromiumCandidates(l: Lookup): ChromiumSource[] {
  const wanted = l.env.CHROMIUM_PATH?.trim();
  if (wanted) {
    if (!l.exists(wanted))
      throw new ChromiumNotFound(`CHROMIUM_PATH=${wanted}: no such file. Point it at a Chromium or Chrome executable.`);
    return [{ kind: 'path', path: wanted, from: 'CHROMIUM_PATH' }];
  }
  const paths: ChromiumSource[] = knownPaths(l.platform, l.home)
    .filter((p) => l.exists(p))
    .map((path) => ({ kind: 'path', path, from: 'installed' }));
  if (l.playwrightPath && l.exists(l.playwrightPath))
    paths.push({ kind: 'path', path: l.playwrightPath, from: "Playwright's download" });
  return [...paths, ...CHROMIUM_CHANNELS.map((channel) => ({ kind: 'channel' as const, channel }))];
}

export class ChromiumNotFound extends Error {
  override name = 'ChromiumNotFound';
}

/** What to do when no browser is found, for the platform at hand. */
export function chromiumHint(platform: NodeJS.Platform): string {
  const install =
    platform === 'darwin'
      ? 'install Google Chrome, or Chromium (brew install --cask chromium)'
      : platform === 'linux'
        ? 'install Chromium (Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium) or Google Chrome'
        : 'install Google Chrome or Microsoft Edge';
  return `No Chromium or Chrome found for the browser tests: ${install}, or set CHROMIUM_PATH to its executable.`;
}

export function describeSource(s: ChromiumSource): string {
  return s.kind === 'path' ? `${s.path} (${s.from})` : `Playwright channel "${s.channel}"`;
}

/** A channel Playwright could not find is a miss; any other launch failure is the browser's and is reported. */
function isMissingChannel(err: unknown): boolean {
  return /Chromium distribution '[^']+' is (not found|not supported)/.test(String((err as Error)?.message));
}

/**
 * Start the first browser that starts, headless with CHROMIUM_FLAGS; each one that fails is said in the error when
 * none does. Throws ChromiumNotFound with a hint when there is none at all. `overrides` replace parts of the
 * machine's lookup (the tests hide the installed paths to reach the channels).
 */
export async function launchChromium(
  overrides: Partial<Lookup> = {},
): Promise<{ browser: Browser; source: ChromiumSource }> {
  const { chromium } = await import('playwright-core');
  const lookup: Lookup = {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    exists: existsSync,
    playwrightPath: safe(() => chromium.executablePath()),
    ...overrides,
  };
  const failures: string[] = [];
  for (const source of chromiumCandidates(lookup)) {
    const target = source.kind === 'path' ? { executablePath: source.path } : { channel: source.channel };
    try {
      return { browser: await chromium.launch({ ...target, headless: true, args: CHROMIUM_FLAGS }), source };
    } catch (err) {
      if (source.kind === 'channel' && isMissingChannel(err)) continue;
      failures.push(`${describeSource(source)}: ${launchError(err)}`);
    }
  }
  if (failures.length)
    throw new Error(
      `No browser started:\n  ${failures.join('\n  ')}\nRepair it, or set CHROMIUM_PATH to a working Chromium or Chrome.`,
    );
  throw new ChromiumNotFound(chromiumHint(lookup.platform));
}

/** Playwright's first line and the browser's own error output, without the launch command line and call log. */
function launchError(err: unknown): string {
  const lines = String((err as Error)?.message).split('\n');
  const stderr = lines.filter((l) => /^\[pid=\d+\]\[err\]/.test(l)).slice(0, 3);
  return [lines[0], ...stderr].join(' ');
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { browser, source } = await launchChromium();
    console.log(`${browser.version()}: ${describeSource(source)}`);
    await browser.close();
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
