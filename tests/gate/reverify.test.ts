import { afterAll, beforeAll, expect, test } from 'vitest';
import { readTreeFiles } from '../../scripts/tree/files.ts';
import { createFetchContext } from '../../scripts/net/context.ts';
import { createGitHub } from '../../scripts/github/client.ts';
import { issueBody, reportReverify, reverify, REVERIFY_LABEL } from '../../scripts/gate/reverify.ts';
import { REPO, startWorld, type World } from './harness.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world?.close());

test('re-verification lists what broke in one issue, updated in place, and changes nothing', async () => {
  const before = (await readTreeFiles(world.baseRoot)).map((f) => f.path);
  const result = await reverify(world.baseRoot, world.config, createFetchContext(world.config));
  // alice's weather 1.0.0 still verifies on the npm fake; the seed servers' packages do not exist on the fakes.
  expect(result.broken.some((b) => b.name === 'io.github.alice/weather')).toBe(false);
  expect(result.broken.some((b) => b.name === 'io.github.domdomegg/airtable-mcp-server' && b.version === '1.7.3')).toBe(
    true,
  );
  expect(result.broken.some((b) => b.version === '1.7.2')).toBe(false); // only latest versions
  const github = createGitHub({ token: 't', baseUrl: world.gh.url, tuning: { noWriteSpacing: true, retries: 0 } });
  const first = await reportReverify(github, REPO, issueBody(result, '2026-11-21'), result.broken.length);
  const second = await reportReverify(github, REPO, issueBody(result, '2026-11-28'), result.broken.length);
  expect(first.created).toBe(true);
  expect(second).toEqual({ issue: first.issue, created: false });
  expect(world.gh.issues).toHaveLength(1);
  expect(world.gh.issues[0]).toMatchObject({ labels: [REVERIFY_LABEL], state: 'open' });
  expect(world.gh.issues[0]!.body).toContain('2026-11-28');
  // The label was created explicitly, with a colour and a description, before the issue used it.
  expect(world.gh.repoLabel(REPO, REVERIFY_LABEL)).toMatchObject({ color: 'c5def5', description: expect.any(String) });
  expect(world.gh.writes().map((c) => `${c.method} ${c.path}`)).toEqual([
    `POST /repos/${REPO}/labels`,
    `POST /repos/${REPO}/issues`,
    `PATCH /repos/${REPO}/issues/${first.issue}`,
  ]);
  expect((await readTreeFiles(world.baseRoot)).map((f) => f.path)).toEqual(before);
});
