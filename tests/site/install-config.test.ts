import { describe, expect, it } from 'vitest';
import {
  claudeConfig,
  clientConfigs,
  commandLine,
  cursorConfig,
  cursorInstallLink,
  genericConfig,
  launches,
  vscodeConfig,
  vscodeInstallLink,
} from '../../scripts/site/install-config.ts';
import type { ServerJson } from '../../scripts/core/types.ts';

const base = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  description: 'x',
};
const vs = (doc: ServerJson, i = 0) => vscodeConfig(launches(doc)[i]!, doc.name).value as any;

describe('install configurations', () => {
  it('npm: npx -y <pkg>@<version>, secret env var as a password input', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/brave',
      version: '1.0.2',
      packages: [
        {
          registryType: 'npm',
          identifier: '@scope/server-brave',
          version: '1.0.2',
          transport: { type: 'stdio' },
          environmentVariables: [
            { name: 'BRAVE_API_KEY', description: 'API key', isRequired: true, isSecret: true },
            { name: 'OPTIONAL_THING', description: 'not needed' },
          ],
        },
      ],
    };
    // Every declared variable reaches every client: the optional one as a prompt that may be left empty.
    expect(vs(doc)).toEqual({
      inputs: [
        { type: 'promptString', id: 'brave-api-key', description: 'API key', password: true },
        { type: 'promptString', id: 'optional-thing', description: 'not needed' },
      ],
      servers: {
        brave: {
          type: 'stdio',
          command: 'npx',
          args: ['-y', '@scope/server-brave@1.0.2'],
          env: { BRAVE_API_KEY: '${input:brave-api-key}', OPTIONAL_THING: '${input:optional-thing}' },
        },
      },
    });
    const l = launches(doc)[0]!;
    expect(l.inputs[0]!.secret).toBe(true);
    expect(l.optional).toEqual([]);
    expect(claudeConfig(l, doc.name).value).toEqual({
      mcpServers: {
        brave: {
          command: 'npx',
          args: ['-y', '@scope/server-brave@1.0.2'],
          env: { BRAVE_API_KEY: '<brave-api-key>', OPTIONAL_THING: '' },
        },
      },
    });
    // Cursor reads the secret from the environment it starts in.
    const cursor = cursorConfig(l, doc.name);
    expect(cursor.value).toEqual({
      mcpServers: {
        brave: {
          command: 'npx',
          args: ['-y', '@scope/server-brave@1.0.2'],
          env: { BRAVE_API_KEY: '${env:BRAVE_API_KEY}', OPTIONAL_THING: '' },
        },
      },
    });
    expect(cursor.note).toContain('set BRAVE_API_KEY there');
    expect(genericConfig(l).value).toEqual({
      command: 'npx',
      args: ['-y', '@scope/server-brave@1.0.2'],
      env: { BRAVE_API_KEY: '<brave-api-key>', OPTIONAL_THING: '' },
    });
  });

  it('pypi: uvx <pkg>@<version>; an unknown runtime hint falls back to uvx with a note; defaults filled outside VS Code', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.github.example/weather-mcp',
      version: '0.5.0',
      packages: [
        {
          registryType: 'pypi',
          identifier: 'weather-mcp-server',
          version: '0.5.0',
          runtimeHint: 'python',
          transport: { type: 'stdio' },
          environmentVariables: [{ name: 'WEATHER_UNITS', description: 'Units', default: 'celsius' }],
        },
      ],
    };
    const l = launches(doc)[0]!;
    expect(vs(doc).servers['weather-mcp']).toEqual({
      type: 'stdio',
      command: 'uvx',
      args: ['weather-mcp-server@0.5.0'],
      env: { WEATHER_UNITS: '${input:weather-units}' },
    });
    expect(vs(doc).inputs).toEqual([
      { type: 'promptString', id: 'weather-units', description: 'Units', default: 'celsius' },
    ]);
    expect(l.notes.join(' ')).toMatch(/python/);
    expect((genericConfig(l).value as any).env).toEqual({ WEATHER_UNITS: 'celsius' });
  });

  it('pypi with runtimeHint pipx: pipx run <pkg>==<version>', () => {
    const doc: ServerJson = {
      ...base,
      name: 'a.b/c',
      version: '1',
      packages: [
        { registryType: 'pypi', identifier: 'c', version: '1.0', runtimeHint: 'pipx', transport: { type: 'stdio' } },
      ],
    };
    expect(vs(doc).servers.c).toEqual({ type: 'stdio', command: 'pipx', args: ['run', 'c==1.0'] });
  });

  it('nuget: dnx <pkg>@<version> --yes, package arguments after --', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.github.x/time',
      version: '1.0.8',
      packages: [
        {
          registryType: 'nuget',
          identifier: 'TimeMcpServer',
          version: '1.0.8',
          transport: { type: 'stdio' },
          packageArguments: [{ type: 'positional', value: 'mcp' }],
        },
      ],
    };
    expect(vs(doc).servers.time).toEqual({
      type: 'stdio',
      command: 'dnx',
      args: ['TimeMcpServer@1.0.8', '--yes', '--', 'mcp'],
    });
  });

  it('oci: docker run -i --rm, runtime arguments, -e for each variable, URL-variable in an argument as a pick list', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.github.example/db',
      version: '3.1.0',
      packages: [
        {
          registryType: 'oci',
          identifier: 'docker.io/example/db:3.1.0',
          transport: { type: 'stdio' },
          runtimeArguments: [
            { type: 'named', name: '--network', value: 'host' },
            {
              type: 'named',
              name: '-e',
              value: 'DB_TYPE={db_type}',
              variables: { db_type: { description: 'Type', choices: ['postgres', 'mysql'], isRequired: true } },
            },
          ],
          packageArguments: [
            { type: 'named', name: '--host', default: 'localhost', isRequired: true },
            { type: 'positional', valueHint: 'database_name', isRequired: true },
          ],
          environmentVariables: [{ name: 'DB_PASSWORD', isRequired: true, isSecret: true }],
        },
      ],
    };
    const v = vs(doc);
    expect(v.servers.db.command).toBe('docker');
    expect(v.servers.db.args).toEqual([
      'run',
      '-i',
      '--rm',
      '--network',
      'host',
      '-e',
      'DB_TYPE=${input:db-type}',
      '-e',
      'DB_PASSWORD',
      'docker.io/example/db:3.1.0',
      '--host',
      '${input:host}',
      '${input:database-name}',
    ]);
    expect(v.servers.db.env).toEqual({ DB_PASSWORD: '${input:db-password}' });
    expect(v.inputs.find((i: any) => i.id === 'db-type')).toEqual({
      type: 'pickString',
      id: 'db-type',
      description: 'Type',
      options: ['postgres', 'mysql'],
    });
    expect(v.inputs.find((i: any) => i.id === 'db-password').password).toBe(true);
    const claude = claudeConfig(launches(doc)[0]!, doc.name).value as any;
    expect(claude.mcpServers.db.args).toContain('localhost');
    expect(claude.mcpServers.db.args).toContain('DB_TYPE=<db-type>');
  });

  it('mcpb: no command for VS Code, a download for the generic form', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.modelcontextprotocol/text-editor',
      version: '1.0.2',
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'https://github.com/o/r/releases/download/v1/x.mcpb',
          fileSha256: 'a'.repeat(64),
          transport: { type: 'stdio' },
        },
      ],
    };
    const l = launches(doc)[0]!;
    expect(l.download).toBe('https://github.com/o/r/releases/download/v1/x.mcpb');
    const vscode = vscodeConfig(l, doc.name);
    expect(vscode.value).toBeUndefined();
    expect(vscode.note).toMatch(/bundle/);
    expect(vscodeInstallLink(l, doc.name)).toBeUndefined();
    expect(genericConfig(l).value).toEqual({ download: 'https://github.com/o/r/releases/download/v1/x.mcpb' });
    expect(l.notes.join(' ')).toContain('a'.repeat(64));
  });

  it('remote streamable-http with a secret header and a header with default', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/hybrid',
      version: '1.5.0',
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://mcp.example.com/http',
          headers: [
            { name: 'X-API-Key', description: 'API key', isRequired: true, isSecret: true },
            { name: 'X-Region', description: 'Region', default: 'us-east-1' },
          ],
        },
      ],
    };
    const l = launches(doc)[0]!;
    expect(l.label).toBe('Remote (streamable-http) · mcp.example.com');
    expect(vs(doc)).toEqual({
      inputs: [
        { type: 'promptString', id: 'x-api-key', description: 'API key', password: true },
        { type: 'promptString', id: 'x-region', description: 'Region', default: 'us-east-1' },
      ],
      servers: {
        hybrid: {
          type: 'http',
          url: 'https://mcp.example.com/http',
          headers: { 'X-API-Key': '${input:x-api-key}', 'X-Region': '${input:x-region}' },
        },
      },
    });
    expect(cursorConfig(l, doc.name).value).toEqual({
      mcpServers: {
        hybrid: {
          url: 'https://mcp.example.com/http',
          headers: { 'X-API-Key': '${env:MCP_X_API_KEY}', 'X-Region': 'us-east-1' },
        },
      },
    });
    // Claude Desktop: through mcp-remote, the secret passed by environment variable (our own prefix), never inline.
    expect(claudeConfig(l, doc.name).value).toEqual({
      mcpServers: {
        hybrid: {
          command: 'npx',
          args: [
            '-y',
            'mcp-remote',
            'https://mcp.example.com/http',
            '--header',
            'X-API-Key:${MCP_HEADER_X_API_KEY}',
            '--header',
            'X-Region:${MCP_HEADER_X_REGION}',
          ],
          env: { MCP_HEADER_X_API_KEY: '<x-api-key>', MCP_HEADER_X_REGION: 'us-east-1' },
        },
      },
    });
    expect(genericConfig(l).value).toEqual({
      type: 'streamable-http',
      url: 'https://mcp.example.com/http',
      headers: { 'X-API-Key': '<x-api-key>', 'X-Region': 'us-east-1' },
    });
  });

  it('remote sse with URL variables', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/tenant',
      version: '1.0.0',
      remotes: [
        {
          type: 'sse',
          url: 'https://{tenant_id}.example.com/sse',
          variables: { tenant_id: { description: 'Tenant', isRequired: true } },
        },
      ],
    };
    expect(vs(doc)).toEqual({
      inputs: [{ type: 'promptString', id: 'tenant-id', description: 'Tenant' }],
      servers: { tenant: { type: 'sse', url: 'https://${input:tenant-id}.example.com/sse' } },
    });
    const claude = claudeConfig(launches(doc)[0]!, doc.name).value as any;
    expect(claude.mcpServers.tenant.args).toEqual([
      '-y',
      'mcp-remote',
      'https://<tenant-id>.example.com/sse',
      '--transport',
      'sse-only',
    ]);
  });

  it('a package serving HTTP: the client gets the URL with the port argument, the command is given to start it', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.github.example/configurable-server',
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: '@example/mcp-server',
          version: '1.0.0',
          transport: { type: 'streamable-http', url: 'http://localhost:{--port}/mcp' },
          packageArguments: [{ type: 'named', name: '--port', description: 'Port', default: '3000' }],
        },
      ],
    };
    const l = launches(doc)[0]!;
    const v = vscodeConfig(l, doc.name);
    expect((v.value as any).servers['configurable-server']).toEqual({
      type: 'http',
      url: 'http://localhost:${input:port}/mcp',
    });
    expect(v.note).toBe('Start the server first: npx -y @example/mcp-server@1.0.0 --port 3000');
    expect(genericConfig(l).value).toEqual({
      type: 'streamable-http',
      url: 'http://localhost:3000/mcp',
      start: { command: 'npx', args: ['-y', '@example/mcp-server@1.0.0', '--port', '3000'] },
    });
  });

  it('the VS Code install link carries name, server and inputs', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/brave',
      version: '1',
      packages: [
        {
          registryType: 'npm',
          identifier: 'brave',
          version: '1.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [{ name: 'KEY', isSecret: true }],
        },
      ],
    };
    const link = vscodeInstallLink(launches(doc)[0]!, doc.name)!;
    expect(link.startsWith('vscode:mcp/install?')).toBe(true);
    expect(JSON.parse(decodeURIComponent(link.slice('vscode:mcp/install?'.length)))).toEqual({
      name: 'brave',
      type: 'stdio',
      command: 'npx',
      args: ['-y', 'brave@1.0.0'],
      env: { KEY: '${input:key}' },
      inputs: [{ type: 'promptString', id: 'key', description: 'Environment variable KEY', password: true }],
    });
  });

  it('one launch per package and remote, with unique ids; four client forms each', () => {
    const doc: ServerJson = {
      ...base,
      name: 'a.b/c',
      version: '1',
      packages: [
        { registryType: 'npm', identifier: 'one', version: '1', transport: { type: 'stdio' } },
        { registryType: 'npm', identifier: 'two', version: '1', transport: { type: 'stdio' } },
      ],
      remotes: [{ type: 'sse', url: 'https://a.example/sse' }],
    };
    const ls = launches(doc);
    expect(ls.map((l) => l.id)).toEqual(['npm', 'npm-2', 'remote']);
    expect(clientConfigs(ls[0]!, doc.name).map((c) => c.client)).toEqual(['vscode', 'claude', 'cursor', 'generic']);
  });

  it('shell command quotes placeholders and values with spaces', () => {
    const doc: ServerJson = {
      ...base,
      name: 'a.b/c',
      version: '1',
      packages: [
        {
          registryType: 'npm',
          identifier: 'c',
          version: '1',
          transport: { type: 'stdio' },
          packageArguments: [{ type: 'positional', value: 'two words' }],
          environmentVariables: [{ name: 'TOKEN', isRequired: true }],
        },
      ],
    };
    expect(commandLine(launches(doc)[0]!)).toBe(`TOKEN='<token>' npx -y c@1 'two words'`);
  });

  it('no empty arguments: an empty named value is the flag alone, an empty positional value is left out', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/docker-empty',
      version: '2.1.0',
      packages: [
        {
          registryType: 'oci',
          identifier: 'docker.io/example/server',
          version: '2.1.0',
          transport: { type: 'stdio' },
          runtimeArguments: [
            { type: 'named', name: '--init', value: '' },
            { type: 'positional', valueHint: 'x', value: '' },
          ],
          packageArguments: [{ type: 'named', name: '--verbose', value: '' }],
        },
      ],
    };
    const args = vs(doc).servers['docker-empty'].args as string[];
    // Without a tag, the image runs the package's version, never an implicit latest.
    expect(args).toEqual(['run', '-i', '--rm', '--init', 'docker.io/example/server:2.1.0', '--verbose']);
    expect(args).not.toContain('');
  });

  it('an image with a tag or a digest is run as written', () => {
    const image = (identifier: string) =>
      (
        vs({
          ...base,
          name: 'io.example/img',
          version: '1.0.0',
          packages: [{ registryType: 'oci', identifier, version: '1.0.0', transport: { type: 'stdio' } }],
        }).servers.img.args as string[]
      ).at(-1);
    expect(image('ghcr.io/a/b:2.0')).toBe('ghcr.io/a/b:2.0');
    expect(image(`ghcr.io/a/b@sha256:${'a'.repeat(64)}`)).toBe(`ghcr.io/a/b@sha256:${'a'.repeat(64)}`);
    expect(image('localhost:5000/a/b')).toBe('localhost:5000/a/b:1.0.0');
  });

  it('the Cursor install link carries the name and the base64 of the server entry', () => {
    const doc: ServerJson = {
      ...base,
      name: 'io.example/brave',
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: 'brave',
          version: '1.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [{ name: 'BRAVE_API_KEY', isSecret: true }],
        },
      ],
    };
    const l = launches(doc)[0]!;
    const link = new URL(cursorInstallLink(l, doc.name)!);
    expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
    expect(link.searchParams.get('name')).toBe('brave');
    expect(JSON.parse(Buffer.from(link.searchParams.get('config')!, 'base64').toString('utf8'))).toEqual({
      command: 'npx',
      args: ['-y', 'brave@1.0.0'],
      env: { BRAVE_API_KEY: '${env:BRAVE_API_KEY}' },
    });
  });
});
