import { afterEach, describe, expect, it } from 'vitest';
import { runValidation } from '../../scripts/validate/run.ts';
import { tempRepo, type TempRepo } from '../helpers/git.ts';
import { defaultConfig, validDoc } from '../helpers/docs.ts';

const config = defaultConfig();
let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function seeded(): TempRepo {
  const r = tempRepo();
  r.write(
    'servers/io.github.alice/wx/1.0.0/server.json',
    JSON.stringify(validDoc({ name: 'io.github.alice/wx' }), null, 2),
  );
  r.write('servers/io.github.alice/wx/1.0.0/status.json', '{"status":"active"}');
  r.commit('base');
  r.git('branch', 'base');
  return r;
}

async function changeRules(r: TempRepo): Promise<string[]> {
  const result = await runValidation({ root: r.dir, config, base: 'base' });
  return result.problems.filter((p) => p.rule.startsWith('immutable-')).map((p) => `${p.rule} ${p.file}`);
}

describe('--base change rules against a real git repository', () => {
  it('adding a version and changing status.json are allowed', async () => {
    repo = seeded();
    repo.write(
      'servers/io.github.alice/wx/1.1.0/server.json',
      JSON.stringify(validDoc({ name: 'io.github.alice/wx', version: '1.1.0' })),
    );
    repo.write('servers/io.github.alice/wx/1.0.0/status.json', '{"status":"deprecated"}');
    repo.commit('pr');
    const result = await runValidation({ root: repo.dir, config, base: 'base' });
    expect(result.problems).toEqual([]);
  });

  it('modifying a merged server.json is refused, even uncommitted', async () => {
    repo = seeded();
    repo.write(
      'servers/io.github.alice/wx/1.0.0/server.json',
      JSON.stringify(validDoc({ name: 'io.github.alice/wx', description: 'Changed.' })),
    );
    expect(await changeRules(repo)).toEqual(['immutable-modified servers/io.github.alice/wx/1.0.0/server.json']);
  });

  it('removing a merged server.json is refused', async () => {
    repo = seeded();
    repo.remove('servers/io.github.alice/wx/1.0.0/server.json');
    repo.commit('remove');
    expect(await changeRules(repo)).toEqual(['immutable-removed servers/io.github.alice/wx/1.0.0/server.json']);
  });

  it('renaming (moving) a merged server.json is refused and names the new place', async () => {
    repo = seeded();
    repo.git('mv', 'servers/io.github.alice/wx/1.0.0', 'servers/io.github.alice/wx/1.0.1');
    repo.commit('rename');
    const result = await runValidation({ root: repo.dir, config, base: 'base' });
    const p = result.problems.find((x) => x.rule === 'immutable-renamed');
    expect(p?.file).toBe('servers/io.github.alice/wx/1.0.0/server.json');
    expect(p?.message).toContain('1.0.1/server.json');
    expect(p?.message).toMatch(/base \([0-9a-f]{12}\)/);
  });

  it('an unknown base is a clear user error', async () => {
    repo = seeded();
    await expect(runValidation({ root: repo.dir, config, base: 'nope' })).rejects.toThrow(
      /--base nope is not a commit/,
    );
  });
});
