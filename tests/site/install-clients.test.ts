import { describe, expect, it } from 'vitest';
import { CLIENTS, clientConfigs } from '../../scripts/site/install-clients.ts';
import { launches } from '../../scripts/site/install-plan.ts';

describe('install clients', () => {
  it('clientConfigs renders every client of CLIENTS, in its order', () => {
    const [l] = launches({
      name: 'io.example/x',
      description: 'x',
      version: '1.0.0',
      packages: [{ registryType: 'npm', identifier: 'x', version: '1.0.0', transport: { type: 'stdio' } }],
    });
    expect(clientConfigs(l!, 'io.example/x').map((c) => c.client)).toEqual(CLIENTS.map((c) => c.id));
    expect(new Set(CLIENTS.map((c) => c.id)).size).toBe(CLIENTS.length);
  });

  it('VS Code and Cursor have install links, through their own handlers', () => {
    const [l] = launches({
      name: 'io.example/x',
      description: 'x',
      version: '1.0.0',
      remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/' }],
    });
    const links = CLIENTS.filter((c) => c.link).map((c) => [c.id, c.link!(l!, 'io.example/x')?.split('?')[0]]);
    expect(links).toEqual([
      ['vscode', 'vscode:mcp/install'],
      ['cursor', 'cursor://anysphere.cursor-deeplink/mcp/install'],
    ]);
  });
});
