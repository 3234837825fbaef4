/**
 * A fixture registry for the site tests: the four seed records (two versions of airtable-mcp-server) and the 16
 * official server.json examples, as ServerRecords built by hand (the site reads isLatest and status; it never
 * computes them), one deprecated and one deleted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../scripts/config/config.ts';
import type { RegistryConfig } from '../../scripts/config/config.ts';
import { OFFICIAL_META_KEY } from '../../scripts/core/types.ts';
import type { ServerJson, ServerRecord, Status } from '../../scripts/core/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = join(ROOT, 'tests/fixtures/reference');

export const META_KEY = 'io.github.example/static';

function readExamples(): ServerJson[] {
  const dir = join(REFERENCE, 'server-json-examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ServerJson);
}

function readSeed(): ServerJson[] {
  return JSON.parse(readFileSync(join(REFERENCE, 'seed.json'), 'utf8')) as ServerJson[];
}

const DEPRECATED = 'io.github.example/quay-sample-mcp';
const DELETED = 'io.modelcontextprotocol.anonymous/embedded-mcp';

export function fixtureRecords(): ServerRecord[] {
  const docs = [...readSeed(), ...readExamples()];
  // Newest version of each name is latest here (the fixture's versions are all semver and published in order).
  const latest = new Map<string, string>();
  for (const d of docs) latest.set(d.name, d.version);
  return docs.map((server, i) => {
    const publishedAt = new Date(Date.UTC(2025, 8 + Math.floor(i / 4), 1 + (i % 4) * 7, 12))
      .toISOString()
      .replace('.000', '');
    const status: Status = server.name === DEPRECATED ? 'deprecated' : server.name === DELETED ? 'deleted' : 'active';
    const path = `servers/${server.name}/${server.version}/server.json`;
    return {
      server,
      _meta: {
        [OFFICIAL_META_KEY]: {
          status,
          statusChangedAt: publishedAt,
          ...(status === 'deprecated' ? { statusMessage: 'Use the filesystem server instead.' } : {}),
          publishedAt,
          updatedAt: publishedAt,
          isLatest: latest.get(server.name) === server.version,
        },
        [META_KEY]: { path, sourceUrl: `https://github.com/example/registry/blob/main/${path}` },
      },
    };
  });
}

export function fixtureConfig(baseUrl = 'http://127.0.0.1/registry/'): RegistryConfig {
  return parseConfig({
    siteTitle: 'Test Registry',
    baseUrl,
    metaKey: META_KEY,
    repositoryUrl: 'https://github.com/example/registry',
  });
}
