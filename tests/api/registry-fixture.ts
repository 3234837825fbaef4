/**
 * A small but varied registry in a real git repository: build metadata, prereleases, non-semver
 * versions, deprecated and deleted versions, a server whose every version is deleted, enough
 * servers to need several pages at page size 2, merge and squash commits.
 */
import { GitRepo, serverJson, versionFile } from './fixture.ts';

export const NAMES = {
  weather: 'io.github.alice/weather',
  tool: 'com.example/tool',
  gone: 'com.example/gone',
  dash: 'io.github.bob-org/dash_board',
  solo: 'org.sample/solo',
} as const;

export const status = (s: string, message?: string) =>
  `${JSON.stringify({ status: s, ...(message ? { message } : {}) })}\n`;
export const at = (day: number, hour = 12) =>
  `2026-04-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

export const CONFIG = {
  baseUrl: 'https://registry.example.org/',
  repositoryUrl: 'https://github.com/acme/registry',
  metaKey: 'org.example.registry/static',
  pageSize: 2,
};

export function makeRegistry(): GitRepo {
  const repo = new GitRepo();
  const { weather, tool, gone, dash, solo } = NAMES;
  repo.commit(
    at(1),
    {
      'registry.config.json': `${JSON.stringify(CONFIG, null, 2)}\n`,
      [versionFile(weather, '1.0.0')]: serverJson(weather, '1.0.0'),
      [versionFile(weather, '1.1.0-rc.1')]: serverJson(weather, '1.1.0-rc.1'),
    },
    'weather',
  );
  repo.mergeBranch(
    'tool',
    [
      {
        date: at(2),
        changes: {
          [versionFile(tool, '2024.01')]: serverJson(tool, '2024.01', {
            remotes: [{ type: 'streamable-http', url: 'https://tool.example.com/mcp' }],
          }),
        },
      },
    ],
    at(3),
  );
  repo.squashBranch(
    'weather-build',
    [{ date: at(3), changes: { [versionFile(weather, '1.0.1+build.5')]: serverJson(weather, '1.0.1+build.5') } }],
    at(4),
  );
  repo.commit(
    at(5),
    {
      [versionFile(gone, '0.1.0')]: serverJson(gone, '0.1.0'),
      [versionFile(gone, '0.2.0')]: serverJson(gone, '0.2.0'),
      [versionFile(dash, '3.0.0')]: serverJson(dash, '3.0.0'),
      [versionFile(solo, 'v1')]: serverJson(solo, 'v1'),
    },
    'more',
  );
  repo.commit(
    at(6),
    {
      [versionFile(tool, '2024.01', 'status.json')]: status('deprecated', 'moved'),
      [versionFile(gone, '0.1.0', 'status.json')]: status('deleted'),
      [versionFile(gone, '0.2.0', 'status.json')]: status('deleted', 'malware'),
    },
    'statuses',
  );
  return repo;
}
