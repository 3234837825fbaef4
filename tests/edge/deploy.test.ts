/**
 * `npm run deploy:edge`: `--dry-run` builds the layout, bundles the Worker with wrangler and uploads nothing;
 * without credentials a real deploy stops before building; the documented asset limits are checked first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLimits } from '../../scripts/edge/deploy.ts';
import { cli } from '../helpers/cli.ts';
import type { GitRepo } from '../api/fixture.ts';
import { makeRegistry } from '../api/registry-fixture.ts';

let repo: GitRepo;
const temp = mkdtempSync(join(tmpdir(), 'edge-deploy-'));
const noCredentials = { CLOUDFLARE_ACCOUNT_ID: '', CLOUDFLARE_API_TOKEN: '' };

beforeAll(() => {
  repo = makeRegistry();
});
afterAll(() => {
  repo?.remove();
  rmSync(temp, { recursive: true, force: true });
});

describe('npm run deploy:edge', () => {
  it('--dry-run builds, bundles the Worker for the Workers runtime and uploads nothing', () => {
    const out = join(temp, 'dry');
    const r = cli(
      [
        'deploy-edge',
        '--root',
        repo.dir,
        '--out',
        out,
        '--dry-run',
        '--name',
        'my-registry',
        '--domain',
        'registry.example.org',
      ],
      repo.dir,
      noCredentials,
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Dry run: Worker bundle [\d,]+ bytes .* nothing was uploaded/);
    expect(r.stdout).toMatch(/--dry-run: exiting now/);
    const bundle = readFileSync(join(out, 'bundle', 'worker.js'), 'utf8');
    expect(bundle).toContain('Access-Control-Allow-Origin');
    expect(bundle).not.toMatch(/from ["']node:/);
    const config = readFileSync(join(out, 'wrangler.jsonc'), 'utf8');
    const parsed = JSON.parse(config.replace(/^\/\/.*\n/, '')) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      name: 'my-registry',
      assets: { directory: './assets', binding: 'ASSETS', run_worker_first: true },
      routes: [{ pattern: 'registry.example.org', custom_domain: true }],
    });
    expect(existsSync(join(out, 'assets', '_edge', 'manifest.json'))).toBe(true);
  });

  it('refuses a real deploy without credentials, before building anything', () => {
    const out = join(temp, 'real');
    const r = cli(['deploy-edge', '--root', repo.dir, '--out', out], repo.dir, noCredentials);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('checks the documented static-asset limits: 20,000 files (100,000 paid), 25 MiB each', () => {
    const many = new Map<string, Uint8Array>();
    for (let i = 0; i <= 20_000; i++) many.set(`_edge/p/${i}.pack`, new Uint8Array(1));
    expect(() => checkLimits(many, false)).toThrow(/20,001 files; a Worker version may hold 20,000 .*--paid/);
    expect(() => checkLimits(many, true)).not.toThrow();
    const big = new Map([['_edge/p/big.pack', new Uint8Array(25 * 1024 * 1024 + 1)]]);
    expect(() => checkLimits(big, true)).toThrow(/over the 25 MiB/);
  });
});
