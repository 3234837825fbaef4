/**
 * Live: the real npm registry (the production default base URL, production config: no loopback, no
 * extra CA). Skipped — visibly — when the registry cannot be reached from this machine.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../scripts/config/config.ts';
import { verifyArtifacts, verifyNpm } from '../../scripts/artifacts/index.ts';
import { createFetchContext } from '../../scripts/net/context.ts';
import { safeFetch } from '../../scripts/net/safe-fetch.ts';
import type { PackageJson, ServerJson } from '../../scripts/core/types.ts';
import { readFileSync } from 'node:fs';

const config = parseConfig({});
const probe = await safeFetch(
  `${config.registries.npm.baseUrl}/airtable-mcp-server/1.7.3`,
  createFetchContext(config),
  { timeoutMs: 8_000 },
);
const skipReason = probe.ok ? '' : `the npm registry is unreachable (${probe.kind}: ${probe.message})`;
if (skipReason) console.warn(`[tests/artifacts/npm-live.test.ts] SKIPPED: ${skipReason}`);

const npmPkg = (identifier: string, version: string): PackageJson => ({
  registryType: 'npm',
  identifier,
  version,
  transport: { type: 'stdio' },
});

describe.skipIf(skipReason !== '')(`live npm registry${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('the seed airtable-mcp-server 1.7.3 declares io.github.domdomegg/airtable-mcp-server', async () => {
    const ctx = createFetchContext(config);
    const proof = await verifyNpm(
      npmPkg('airtable-mcp-server', '1.7.3'),
      'io.github.domdomegg/airtable-mcp-server',
      ctx,
    );
    expect(proof).toMatchObject({ check: 'npm-mcp-name', ok: true, rule: 'artifact-npm' });
    expect(ctx.log[0]).toMatchObject({ url: 'https://registry.npmjs.org/airtable-mcp-server/1.7.3', status: 200 });
  });

  it('the seed server.json 1.7.3: its npm package proves the name', async () => {
    const server = JSON.parse(
      readFileSync('servers/io.github.domdomegg/airtable-mcp-server/1.7.3/server.json', 'utf8'),
    ) as ServerJson;
    const npmOnly = { ...server, packages: server.packages?.filter((p) => p.registryType === 'npm') };
    const proofs = await verifyArtifacts(npmOnly, createFetchContext(config));
    expect(proofs).toEqual([
      expect.objectContaining({ ok: true, subject: 'npm:airtable-mcp-server@1.7.3', jsonPath: '$.packages[0]' }),
    ]);
  });

  it('a scoped package (@modelcontextprotocol/server-filesystem) proves its own name', async () => {
    const proof = await verifyNpm(
      npmPkg('@modelcontextprotocol/server-filesystem', '2026.8.31'),
      'io.github.modelcontextprotocol/server-filesystem',
      createFetchContext(config),
    );
    expect(proof).toMatchObject({ ok: true });
  });

  it('a real mismatch: the same package claimed for another name fails', async () => {
    const proof = await verifyNpm(
      npmPkg('airtable-mcp-server', '1.7.3'),
      'io.github.mallory/airtable-mcp-server',
      createFetchContext(config),
    );
    expect(proof).toMatchObject({ ok: false, rule: 'artifact-npm' });
    expect(proof.detail).toContain('io.github.domdomegg/airtable-mcp-server');
  });

  it('a version that does not exist fails (404 is an answer, not a retry)', async () => {
    const proof = await verifyNpm(
      npmPkg('airtable-mcp-server', '0.0.0-does-not-exist'),
      'io.github.domdomegg/airtable-mcp-server',
      createFetchContext(config),
    );
    expect(proof).toMatchObject({ ok: false, rule: 'artifact-npm' });
    expect(proof.retryable).toBeUndefined();
  });
});
