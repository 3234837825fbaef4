/**
 * server.json documents for the synthetic catalogue, shaped like the official examples
 * (reference-data/server-json-examples) and valid against schema 2025-12-11 and the official rules.
 */
import type { ServerJson, PackageJson, RemoteJson, KeyValueInput, ArgumentJson } from '../core/types.ts';
import type { PlannedServer } from './catalogue.ts';
import type { Rng } from './random.ts';
import { WORDS } from './catalogue.ts';

export const CURRENT_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

const VERBS = ['Query', 'Search', 'Manage', 'Read and write', 'Monitor', 'Automate', 'Explore', 'Sync', 'Analyze'];
const OBJECTS = ['records', 'documents', 'issues', 'events', 'files', 'metrics', 'messages', 'tables', 'projects'];
const TAILS = [
  'from your AI assistant',
  'with natural language',
  'over MCP',
  'with fine-grained permissions',
  'in real time',
  '',
];

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Stable per-server traits, derived from the plan and a per-server rng (so every version of a server looks alike). */
interface Traits {
  description: string;
  title?: string;
  websiteUrl?: string;
  repository?: ServerJson['repository'];
  icon: boolean;
  envVars: KeyValueInput[];
  args: ArgumentJson[];
  httpTransport: boolean;
  templated: boolean;
  headers: boolean;
  sse: boolean;
  meta: boolean;
  npmScoped: boolean;
  ociHost: string;
}

export function serverTraits(p: PlannedServer, rng: Rng): Traits {
  const topic = p.server.split(/[-_.]/).find((w) => WORDS.includes(w)) ?? p.server.split('-')[0]!;
  const description = `${rng.pick(VERBS)} ${cap(topic)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}`.trim().slice(0, 100);
  const env = topic.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const envVars: KeyValueInput[] = [];
  if (rng.chance(0.6))
    envVars.push({
      name: `${env}_API_KEY`,
      description: `API key for ${cap(topic)}`,
      isRequired: true,
      isSecret: true,
    });
  if (rng.chance(0.3))
    envVars.push({
      name: `${env}_REGION`,
      description: 'Service region',
      default: 'us-east-1',
      choices: ['us-east-1', 'eu-west-1'],
    });
  const args: ArgumentJson[] = [];
  if (rng.chance(0.25))
    args.push({ type: 'named', name: '--read-only', description: 'Refuse write operations', format: 'boolean' });
  if (rng.chance(0.15))
    args.push({
      type: 'positional',
      valueHint: 'directory',
      description: 'Directory the server may access',
      isRequired: true,
      format: 'filepath',
    });
  const repoOwner = p.ns.owner;
  const gitlab = rng.chance(0.05);
  const repository = rng.chance(0.9)
    ? {
        url: `https://${gitlab ? 'gitlab.com' : 'github.com'}/${repoOwner}/${rng.chance(0.15) ? 'mcp-servers' : p.server}`,
        source: gitlab ? 'gitlab' : 'github',
        ...(rng.chance(0.4) ? { id: String(rng.int(10_000_000, 999_999_999)) } : {}),
        ...(rng.chance(0.1) ? { subfolder: `packages/${p.server}` } : {}),
      }
    : undefined;
  return {
    description,
    title: rng.chance(0.5) ? `${cap(topic)} ${rng.pick(['MCP', 'Server', 'Tools', 'Connector'])}` : undefined,
    websiteUrl: rng.chance(0.4)
      ? p.ns.domain
        ? `https://www.${p.ns.domain}/mcp`
        : `https://${repoOwner}.github.io/${p.server}`
      : undefined,
    repository,
    icon: rng.chance(0.1),
    envVars,
    args,
    httpTransport: rng.chance(0.04),
    templated: rng.chance(0.1),
    headers: rng.chance(0.3),
    sse: rng.chance(0.2),
    meta: rng.chance(0.35),
    npmScoped: rng.chance(0.6),
    ociHost: rng.pick(['docker.io', 'docker.io', 'ghcr.io', 'quay.io']),
  };
}

/** The host a server's remotes live on: injective in the namespace, never localhost. */
function remoteHost(p: PlannedServer): string {
  return p.ns.domain ? `mcp.${p.ns.domain}` : `mcp-${p.ns.owner}.onrender.com`;
}

function pascal(s: string): string {
  return s.split(/[-_.]/).filter(Boolean).map(cap).join('');
}

function npmPackage(p: PlannedServer, t: Traits, version: string): PackageJson {
  const pkg: PackageJson = {
    registryType: 'npm',
    registryBaseUrl: 'https://registry.npmjs.org',
    identifier: t.npmScoped ? `@${p.ns.owner}/${p.server}` : `${p.ns.owner}-${p.server}`,
    version,
    ...(t.httpTransport ? {} : { runtimeHint: 'npx' }),
    transport: t.httpTransport ? { type: 'streamable-http', url: 'http://localhost:{--port}/mcp' } : { type: 'stdio' },
  };
  const args = t.httpTransport
    ? [...t.args, { type: 'named', name: '--port', description: 'Port for the server to listen on', default: '3000' }]
    : t.args;
  if (args.length) pkg.packageArguments = args;
  if (t.envVars.length) pkg.environmentVariables = t.envVars;
  return pkg;
}

function packages(p: PlannedServer, t: Traits, version: string, rng: Rng): PackageJson[] {
  const tag = version.replace(/\+/g, '-');
  const stdio = { type: 'stdio' };
  const env = t.envVars.length ? { environmentVariables: t.envVars } : {};
  const oci = (): PackageJson => ({
    registryType: 'oci',
    identifier: `${t.ociHost}/${p.ns.owner}/${p.server}:${tag}`,
    transport: stdio,
    ...(t.envVars.length
      ? {
          runtimeArguments: t.envVars.map((e) => ({
            type: 'named',
            name: '-e',
            value: `${e.name}={${e.name.toLowerCase()}}`,
            variables: {
              [e.name.toLowerCase()]: {
                description: e.description,
                isRequired: e.isRequired ?? false,
                isSecret: e.isSecret ?? false,
              },
            },
          })),
        }
      : {}),
  });
  switch (p.kind) {
    case 'npm':
    case 'remote+npm':
      return [npmPackage(p, t, version)];
    case 'npm+oci':
      return [npmPackage(p, t, version), oci()];
    case 'pypi':
      return [
        {
          registryType: 'pypi',
          registryBaseUrl: 'https://pypi.org',
          identifier: `${p.ns.owner}-${p.server}`,
          version,
          runtimeHint: 'uvx',
          transport: stdio,
          ...(t.args.length ? { packageArguments: t.args } : {}),
          ...env,
        },
      ];
    case 'nuget':
      return [
        {
          registryType: 'nuget',
          registryBaseUrl: 'https://api.nuget.org/v3/index.json',
          identifier: `${pascal(p.ns.owner)}.${pascal(p.server)}`,
          version,
          runtimeHint: 'dnx',
          transport: stdio,
          ...env,
        },
      ];
    case 'oci':
      return [oci()];
    case 'mcpb':
      return [
        {
          registryType: 'mcpb',
          identifier: `https://github.com/${p.ns.owner}/${p.server}/releases/download/v${version}/${p.server}.mcpb`,
          fileSha256: rng.hex(64),
          transport: stdio,
          ...env,
        },
      ];
    case 'remote':
      return [];
  }
}

function remotes(p: PlannedServer, t: Traits): RemoteJson[] {
  const base = `https://${remoteHost(p)}/${p.server}`;
  const headers = t.headers
    ? { headers: [{ name: 'Authorization', description: 'Bearer token', isRequired: true, isSecret: true }] }
    : {};
  const out: RemoteJson[] = t.templated
    ? [
        {
          type: 'streamable-http',
          url: `${base}/{tenant_id}/mcp`,
          variables: { tenant_id: { description: 'Tenant identifier', isRequired: true } },
          ...headers,
        },
      ]
    : [{ type: 'streamable-http', url: `${base}/mcp`, ...headers }];
  if (t.sse) out.push({ type: 'sse', url: `${base}/sse`, ...headers });
  return out;
}

/** The server.json of one version. `publishedAt` only feeds the publisher-provided build timestamp. */
export function serverDocument(p: PlannedServer, t: Traits, version: string, publishedAt: Date, rng: Rng): ServerJson {
  // Built loosely so the key order follows the official examples: identity, description, links, then version.
  const doc: Record<string, unknown> = { $schema: CURRENT_SCHEMA, name: p.name, description: t.description };
  if (t.title) doc.title = t.title;
  if (t.websiteUrl) doc.websiteUrl = t.websiteUrl;
  if (t.repository) doc.repository = t.repository;
  doc.version = version;
  if (t.icon)
    doc.icons = [{ src: `https://${remoteHost(p)}/icon.png`, mimeType: 'image/png', sizes: ['48x48', '96x96'] }];
  const pkgs = packages(p, t, version, rng);
  if (pkgs.length) doc.packages = pkgs;
  if (p.kind === 'remote' || p.kind === 'remote+npm') doc.remotes = remotes(p, t);
  if (t.meta) {
    doc._meta = {
      'io.modelcontextprotocol.registry/publisher-provided': {
        tool: rng.pick(['npm-publisher', 'mcp-publisher', 'github-actions', 'poetry-publisher']),
        version: `${rng.int(0, 2)}.${rng.int(0, 20)}.${rng.int(0, 9)}`,
        build_info: { commit: rng.hex(12), timestamp: publishedAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
      },
    };
  }
  return doc as ServerJson;
}

/** Bytes as a contributor would commit them: two-space JSON with a final newline. */
export function documentBytes(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
