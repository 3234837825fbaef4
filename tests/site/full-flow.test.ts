/**
 * The README's build command end to end on this repository: API and site in one dist/, served by the preview
 * under a base path; the post-deploy smoke check passes on it, and the site's links into the API resolve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPreview } from '../../scripts/preview/server.ts';
import type { Preview } from '../../scripts/preview/server.ts';
import { main as smokeMain, smoke } from '../../scripts/site/smoke.ts';

const run = promisify(execFile);
let dir: string;
let preview: Preview;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'site-full-'));
  await run(
    process.execPath,
    ['scripts/cli.ts', 'build', '--out', dir, '--base-url', 'http://127.0.0.1:4321/registry/'],
    {
      cwd: process.cwd(),
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  preview = await startPreview({ dir, basePath: '/registry/' });
});

afterAll(async () => {
  await preview?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run build: API and site together', () => {
  it('the smoke check passes on every official path, the home page and the manifest-named index', async () => {
    const checks = await smoke(preview.url);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(8);
  });

  it('the smoke check fails loudly when the API is missing', async () => {
    const empty = await startPreview({ dir: join(dir, 'stats'), basePath: '/registry/' });
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => void lines.push(s);
    try {
      expect(await smokeMain([empty.url, '--tries', '1'])).toBe(1);
    } finally {
      console.log = log;
      await empty.close();
    }
    expect(lines.some((l) => l.startsWith('::error') && l.includes('/v0.1/servers'))).toBe(true);
  });

  it('the smoke check asks only for the prefixes the build manifest lists', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'site-v01-only-'));
    await cp(dir, copy, { recursive: true, verbatimSymlinks: true });
    await rm(join(copy, 'v0'));
    const only = await startPreview({ dir: copy, basePath: '/registry/' });
    try {
      const stillListed = await smoke(only.url);
      expect(stillListed.filter((c) => !c.ok).map((c) => new URL(c.url).pathname)).toContain('/registry/v0/servers');
      const manifestPath = join(copy, 'v0.1/_build.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      await writeFile(manifestPath, JSON.stringify({ ...manifest, prefixes: ['v0.1'] }));
      const checks = await smoke(only.url);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect(checks.some((c) => c.url.includes('/v0/'))).toBe(false);
    } finally {
      await only.close();
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("every link from a server page into the API answers with the record's JSON", async () => {
    const list = (await (await fetch(`${preview.url}v0.1/servers`)).json()) as {
      servers: Array<{ server: { name: string } }>;
    };
    const name = list.servers[0]!.server.name;
    const html = await (await fetch(`${preview.url}server/${name}/`)).text();
    const links = [...html.matchAll(/href="(\/registry\/v0\.1\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3); // latest, all versions, one per version
    for (const link of links) {
      const res = await fetch(new URL(link, preview.url));
      expect(res.status, link).toBe(200);
      const body = (await res.json()) as { server?: { name: string }; servers?: Array<{ server: { name: string } }> };
      expect(body.server?.name ?? body.servers?.[0]?.server.name, link).toBe(name);
    }
  });
});
