import { describe, expect, it } from 'vitest';
import { registryFromActionPath } from '../../scripts/commands/publish.ts';
import { publishBody, publishBranch, prepareRelease, releaseVersion } from '../../scripts/publish/prepare.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';

describe('the publish action, pure parts', () => {
  it.each([
    ['2.0.0', 'v1.0.0', '2.0.0'],
    ['', 'v1.2.3', '1.2.3'],
    [undefined, 'refs/tags/v1.2.3-rc.1', '1.2.3-rc.1'],
    [undefined, 'release-7', 'release-7'],
    [undefined, 'version', 'version'],
    [undefined, undefined, undefined],
  ])('version input %j, tag %j → %j', (input, tag, expected) => expect(releaseVersion(input, tag)).toBe(expected));

  it('sets the version, moves package versions that tracked it, formats like npm run new', () => {
    const p = prepareRelease(
      {
        $schema: CURRENT_SCHEMA_URL,
        name: 'io.github.alice/weather',
        description: 'Weather',
        version: '0.0.0-dev',
        packages: [
          { registryType: 'npm', identifier: '@alice/weather', version: '0.0.0-dev', transport: { type: 'stdio' } },
        ],
      },
      '1.4.0',
    );
    expect(p.path).toBe('servers/io.github.alice/weather/1.4.0/server.json');
    const doc = JSON.parse(p.text);
    expect(doc.version).toBe('1.4.0');
    expect(doc.packages[0].version).toBe('1.4.0');
    expect(p.text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('one branch per server, safe as a git ref whatever the name', () => {
    expect(publishBranch('io.github.alice/weather')).toBe('mcp-publish/io.github.alice/weather');
    expect(publishBranch('com.example/a..b')).toMatch(/^mcp-publish\/com\.example\/a\.b-[0-9a-f]{10}$/);
    expect(publishBranch('com.example/x.lock')).toMatch(/^mcp-publish\/com\.example\/x-lock-[0-9a-f]{10}$/);
  });

  it('names the registry from the path a workflow fetched the action to', () => {
    expect(registryFromActionPath('/home/runner/work/_actions/acme/registry/v1/.github/actions/publish')).toBe(
      'acme/registry',
    );
    expect(registryFromActionPath('/home/runner/work/x/y')).toBeUndefined();
  });

  it('escapes what it quotes in the body', () => {
    expect(publishBody('io.github.alice/weather', ['1.0.0'], { source: '@evil <script>' })).toContain(
      'Released from @\u200bevil &lt;script&gt;.',
    );
  });
});
