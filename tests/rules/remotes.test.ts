import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

const remote = (url: string, over: Record<string, unknown> = {}) =>
  base({ remotes: [{ type: 'streamable-http', url, ...over }] });

describe('remote rules', () => {
  ruleCases([
    {
      rule: 'remote-https',
      why: 'an http remote',
      pass: remote('https://mcp.example.com/mcp'),
      fail: remote('http://mcp.example.com/mcp'),
      jsonPath: '$.remotes[0].url',
    },
    {
      rule: 'remote-localhost',
      why: 'a localhost remote',
      pass: remote('https://mcp.example.com/mcp'),
      fail: remote('https://localhost/mcp'),
      jsonPath: '$.remotes[0].url',
    },
    {
      rule: 'remote-url-variable',
      why: 'an undeclared {tenant}',
      pass: remote('https://mcp.example.com/{tenant}', { variables: { tenant: { description: 't' } } }),
      fail: remote('https://mcp.example.com/{tenant}'),
      jsonPath: '$.remotes[0].url',
    },
    {
      rule: 'remote-userinfo',
      why: 'a user name before the host',
      pass: remote('https://mcp.example.com/mcp'),
      fail: remote('https://user@mcp.example.com/mcp'),
      jsonPath: '$.remotes[0].url',
    },
  ]);

  it.each([
    'https://user:secret@mcp.example.com/mcp',
    'https://:secret@mcp.example.com/mcp',
    'https://{user}@mcp.example.com/mcp',
  ])('remote-userinfo: %s is refused', (url) => {
    expectProblem(check(remote(url, { variables: { user: {} } })), 'remote-userinfo', '$.remotes[0].url');
  });

  it('remote-userinfo: an "@" in the path is not userinfo', () => {
    expectClean(check(remote('https://mcp.example.com/@team/mcp')).problems, 'remote-userinfo');
  });

  it.each(['https://127.0.0.1/mcp', 'https://foo.localhost/mcp', 'https://LOCALHOST:8443/mcp', 'https://[::1]/mcp'])(
    'remote-localhost: %s is refused',
    (url) => {
      expectProblem(check(remote(url)), 'remote-localhost', '$.remotes[0].url');
    },
  );

  it('remote-localhost: a host merely containing "localhost" is fine', () => {
    expectClean(check(remote('https://localhost-tools.example.com/mcp')).problems, 'remote-localhost');
  });

  it('rules apply to every remote, reported at its index', () => {
    const doc = base({
      remotes: [
        { type: 'sse', url: 'https://mcp.example.com/sse' },
        { type: 'sse', url: 'http://mcp.example.com/sse2' },
      ],
    });
    expectProblem(check(doc), 'remote-https', '$.remotes[1].url');
  });
});
