/**
 * The registry's one configuration file, `registry.config.json` at the repository root.
 * Every field has a working default; a wrong field is reported by its dotted path.
 * Some network fields may be overridden by environment variables (see `ENV_OVERRIDES`),
 * so that a workflow or a test can point the same code at other endpoints.
 * Test hooks live in one place, `network.testing` (`REGISTRY_TEST_*`), and `loadConfig` announces them.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

export const CONFIG_FILE = 'registry.config.json';

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an absolute https:// URL' });
const anyUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s):// URL' });
const reverseDnsKey = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\/[a-zA-Z0-9._-]+$/, {
    error: 'must be a reverse-DNS key such as "com.example.registry/static"',
  });

/** Every package type the product knows (the official registry's, in the order the site lists them). */
export const PACKAGE_TYPES = ['npm', 'pypi', 'nuget', 'cargo', 'oci', 'mcpb'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

/** Package registries the MCP spec allows; this is the product's one place for them. */
const registriesSchema = z
  .object({
    npm: z.object({ baseUrl: httpsUrl.default('https://registry.npmjs.org') }).prefault({}),
    pypi: z.object({ baseUrl: httpsUrl.default('https://pypi.org') }).prefault({}),
    nuget: z.object({ baseUrl: httpsUrl.default('https://api.nuget.org/v3/index.json') }).prefault({}),
    cargo: z
      .object({
        /** crates.io: the one registryBaseUrl accepted, and its API (asked which crate versions exist). */
        baseUrl: httpsUrl.default('https://crates.io'),
        /** Where crates.io serves rendered READMEs: `<readmeBaseUrl>/readmes/<crate>/<crate>-<version>.html`. */
        readmeBaseUrl: httpsUrl.default('https://static.crates.io'),
      })
      .strict()
      .prefault({}),
    oci: z
      .object({
        /** Host names; a leading `*.` matches any subdomain. */
        hosts: z
          .array(z.string().min(1))
          .default([
            'docker.io',
            'registry-1.docker.io',
            'index.docker.io',
            'ghcr.io',
            'quay.io',
            'mcr.microsoft.com',
            '*.pkg.dev',
            '*.azurecr.io',
          ]),
      })
      .strict()
      .prefault({}),
    mcpb: z
      .object({
        /** Hosts whose release-asset URLs are accepted for MCPB bundles. */
        hosts: z.array(z.string().min(1)).default(['github.com', 'gitlab.com']),
      })
      .prefault({}),
    /** registryType values accepted at all. */
    allowedTypes: z.array(z.enum(PACKAGE_TYPES)).default([...PACKAGE_TYPES]),
  })
  .prefault({});

const ownershipSchema = z
  .object({
    /** A public member of a GitHub org may publish under io.github.<org>. */
    orgPublicMembers: z.boolean().default(true),
    /** Repository in the org holding an owners list, and the file in it. */
    orgOwnersRepository: z.string().min(1).default('.github'),
    orgOwnersPath: z.string().min(1).default('mcp-registry/owners.json'),
    /** A PR label with which a maintainer takes responsibility for an entry. */
    maintainerOverrideLabel: z.string().min(1).default('registry: maintainer override'),
    /**
     * Registries serving the official read API whose own records prove a namespace (the gate's upstream proof): a PR
     * whose added server.json files are exactly such an upstream's records needs no other proof. Empty: none trusted.
     */
    trustedUpstreams: z.array(httpsUrl).default([]),
  })
  .prefault({});

/**
 * Test hooks, so that black-box tests can point the real network code at loopback fakes. All empty in production;
 * while any is set, every command that loads the configuration says so on stderr (`testHooksWarning`).
 */
const testingSchema = z
  .object({
    /** Lets fetches reach loopback addresses. */
    allowLoopback: z.boolean().default(false),
    /** Loopback addresses are allowed on these ports alone (allowLoopback stays false). */
    allowLoopbackPorts: z.array(z.number().int().min(1).max(65535)).default([]),
    /**
     * Host name → `address[:port]` used instead of resolving it (like /etc/hosts plus a port).
     * The address is still checked (loopback needs allowLoopback or allowLoopbackPorts); TLS still checks the host name.
     */
    hostMap: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Path to an extra PEM CA certificate trusted for https fetches (the fakes' test CA). */
    extraCaFile: z.string().default(''),
    /** OCI registry host → base URL of a fake speaking the distribution API (e.g. {"docker.io": "https://127.0.0.1:4443"}). */
    ociEndpoints: z.record(z.string().min(1), httpsUrl).default({}),
  })
  .strict()
  .prefault({});

const networkSchema = z
  .object({
    githubApiUrl: anyUrl.default('https://api.github.com'),
    /** `host:port` of a DNS resolver for TXT lookups; empty means the system resolver. */
    dnsResolver: z.string().default(''),
    timeoutMs: z.number().int().positive().max(120_000).default(10_000),
    maxResponseBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    maxMcpbBytes: z
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(10).default(3),
    perHostConcurrency: z.number().int().positive().max(32).default(4),
    testing: testingSchema,
  })
  .strict()
  .prefault({});

/** `npm run import`: the upstream registry and which of its servers to take (docs/configuration.md). */
const upstreamSchema = z
  .object({
    /** Base URL of a registry serving the official read API (`<url>/v0.1/servers`); the command's --upstream wins. */
    url: httpsUrl.optional(),
    /** Globs over `namespace/name` (`*` within a segment, `**` across); --allow replaces this list. */
    allow: z.array(z.string().min(1)).default([]),
    /** Globs never imported, even when allowed; --deny adds to this list. */
    deny: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    siteTitle: z.string().min(1).default('MCP Server Registry'),
    siteDescription: z
      .string()
      .default('A community registry of Model Context Protocol servers, published by pull request.'),
    /** Where the site and API are served, e.g. https://octo.github.io/registry/ (the path is the base path). */
    baseUrl: anyUrl.default('http://localhost:4321/'),
    /** This registry's own `_meta` key in every record (reverse-DNS). */
    metaKey: reverseDnsKey.default('io.github.mcp-static-registry/static'),
    repositoryUrl: httpsUrl.default('https://github.com/example/mcp-registry'),
    defaultBranch: z.string().min(1).default('main'),
    pageSize: z.number().int().min(1).max(1000).default(100),
    /**
     * Also serve the frozen `/v0` paths (the same documents again: it doubles the API's served size). `"auto"`: unless
     * the site would then pass `siteSizeLimit` (the build says so).
     */
    serveV0: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    /** Bytes the host accepts for the whole site (GitHub Pages: 1 GB); the build fits /v0 to it or warns. 0 = no check. */
    siteSizeLimit: z.number().int().min(0).default(1_000_000_000),
    registries: registriesSchema,
    ownership: ownershipSchema,
    network: networkSchema,
    upstream: upstreamSchema,
  })
  .strict();

export type RegistryConfig = z.infer<typeof configSchema>;

/** Environment variables that override network settings (documented in docs/maintainers.md). */
export const ENV_OVERRIDES: Record<string, (c: RegistryConfig, v: string) => void> = {
  GITHUB_API_URL: (c, v) => (c.network.githubApiUrl = v),
  REGISTRY_DNS_RESOLVER: (c, v) => (c.network.dnsResolver = v),
  REGISTRY_NPM_URL: (c, v) => (c.registries.npm.baseUrl = v),
  REGISTRY_PYPI_URL: (c, v) => (c.registries.pypi.baseUrl = v),
  REGISTRY_NUGET_URL: (c, v) => (c.registries.nuget.baseUrl = v),
  REGISTRY_CARGO_URL: (c, v) => (c.registries.cargo.baseUrl = v),
  REGISTRY_CARGO_README_URL: (c, v) => (c.registries.cargo.readmeBaseUrl = v),
  REGISTRY_BASE_URL: (c, v) => (c.baseUrl = v),
  // Test hooks: network.testing.*, all under one prefix.
  REGISTRY_TEST_ALLOW_LOOPBACK: (c, v) => (c.network.testing.allowLoopback = v === '1' || v === 'true'),
  /** Comma-separated ports, e.g. `4431,4432`. */
  REGISTRY_TEST_ALLOW_LOOPBACK_PORTS: (c, v) =>
    (c.network.testing.allowLoopbackPorts = v.split(',').map((p) => Number(p.trim()))),
  /** Comma-separated `host=address[:port]` pairs, e.g. `example.com=127.0.0.1:4431`. */
  REGISTRY_TEST_HOST_MAP: (c, v) => (c.network.testing.hostMap = parsePairs(v)),
  REGISTRY_TEST_EXTRA_CA_FILE: (c, v) => (c.network.testing.extraCaFile = v),
  /** Comma-separated `host=https://base` pairs, e.g. `docker.io=https://127.0.0.1:4432`. */
  REGISTRY_TEST_OCI_ENDPOINTS: (c, v) => (c.network.testing.ociEndpoints = parsePairs(v)),
};

/** The test hooks that are set, by dotted path (empty in production). */
export function activeTestHooks(config: RegistryConfig): string[] {
  const t = config.network.testing;
  const set: Record<keyof typeof t, boolean> = {
    allowLoopback: t.allowLoopback,
    allowLoopbackPorts: t.allowLoopbackPorts.length > 0,
    hostMap: Object.keys(t.hostMap).length > 0,
    extraCaFile: t.extraCaFile !== '',
    ociEndpoints: Object.keys(t.ociEndpoints).length > 0,
  };
  return Object.entries(set)
    .filter(([, on]) => on)
    .map(([name]) => `network.testing.${name}`);
}

/** One line for stderr while any test hook is set: a run pointed at fakes must never look like a real one. */
export function testHooksWarning(config: RegistryConfig): string | undefined {
  const active = activeTestHooks(config);
  if (active.length === 0) return undefined;
  return `Warning: test hooks are set (${active.join(', ')}): network checks may reach loopback fakes; never set network.testing or REGISTRY_TEST_* in a real run.`;
}

/** `a=b,c=d` → {a: 'b', c: 'd'} (for list-valued environment overrides). */
function parsePairs(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of v.split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** One line per zod issue: `  dotted.path: message`. */
function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
}

/** Parse a config value (already read); throws ConfigError naming each wrong field. */
export function parseConfig(value: unknown, source = CONFIG_FILE, env: NodeJS.ProcessEnv = {}): RegistryConfig {
  const result = configSchema.safeParse(value ?? {});
  if (!result.success) {
    throw new ConfigError(
      `${source} is not valid:\n${formatIssues(result.error.issues)}\nFix the field(s) above or remove them to use the defaults (docs/configuration.md).`,
    );
  }
  const config = result.data;
  for (const [name, apply] of Object.entries(ENV_OVERRIDES)) {
    const v = env[name];
    if (v !== undefined && v !== '') apply(config, v);
  }
  // Re-validate so an environment override gets the same checks as the file.
  const again = configSchema.safeParse(config);
  if (!again.success) {
    throw new ConfigError(`Environment overrides made the configuration invalid:\n${formatIssues(again.error.issues)}`);
  }
  return again.data;
}

/**
 * Read `registry.config.json` under `root` (missing file → all defaults) with the environment's overrides.
 * This is how every command gets its configuration, so the test-hook warning goes to `warn` (stderr) here.
 */
export function loadConfig(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): RegistryConfig {
  const file = join(root, CONFIG_FILE);
  let value: unknown = {};
  if (existsSync(file)) {
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${CONFIG_FILE} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  const config = parseConfig(value, CONFIG_FILE, env);
  const warning = testHooksWarning(config);
  if (warning) warn(warning);
  return config;
}
