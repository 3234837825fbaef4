import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeArena } from '../../scripts/api/arena.ts';
import { OutputSet, listParts } from '../../scripts/api/outputs.ts';
import { writeOutputs } from '../../scripts/api/write.ts';
import { SITE_WORK_DIR } from '../../scripts/core/url-layout.ts';
import { treeShape } from './tree-shape.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'registry-write-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const bodies = Array.from({ length: 3000 }, (_, i) =>
  JSON.stringify({ server: { name: `n${i}`, text: 'é→𝄞'.repeat(i % 5) } }),
);
const arena = encodeArena(bodies);

/** A plan shaped like the API's: servers with version files, aliases, lists, a name-spelling link. */
function plan(servers: string[], { latest = 0 }: { latest?: number } = {}) {
  const out = new OutputSet();
  servers.forEach((s, k) => {
    const base = `v0.1/servers/ns/${s}`;
    for (let v = 0; v < 3; v++) {
      out.write(`${base}/versions/${v}.json`, [k * 3 + v], s);
      out.alias(`${base}/versions/${v}`, `${base}/versions/${v}.json`, s);
    }
    out.alias(`${base}/versions/latest.json`, `${base}/versions/${latest}.json`, s);
    out.write(`${base}/versions.json`, listParts([k * 3, k * 3 + 1, k * 3 + 2], { count: 3 }), s);
    out.alias(`${base}/versions/index.html`, `${base}/versions.json`, s);
    out.symlink(`v0.1/servers/ns%2F${s}`, `ns/${s}`, s);
  });
  out.write(
    'v0.1/servers/_snapshot/all.json',
    listParts(
      bodies.map((_, i) => i),
      { count: bodies.length },
    ),
    'snapshot',
  );
  out.symlink('v0', 'v0.1', 'prefix');
  return out.list;
}

describe('writeOutputs', () => {
  it('two writer threads give exactly the tree one thread gives', async () => {
    const servers = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const one = fresh();
    const two = fresh();
    const a = await writeOutputs(one, plan(servers), arena, { threads: 1 });
    const b = await writeOutputs(two, plan(servers), arena, { threads: 2 });
    expect(a.threads).toBe(1);
    expect(b.threads).toBe(2);
    expect(treeShape(two)).toEqual(treeShape(one));
    expect({ ...b, threads: 1 }).toEqual(a);
  });

  it('writes lists of more parts than one writev call takes, byte for byte', async () => {
    const dir = fresh();
    await writeOutputs(dir, plan(['a']), arena, { threads: 2 });
    const snapshot = readFileSync(join(dir, 'v0.1/servers/_snapshot/all.json'), 'utf8');
    expect(snapshot).toBe(`{"servers":[${bodies.join(',')}],"metadata":{"count":3000}}`);
    expect(JSON.parse(snapshot).servers[4].server.text).toBe('é→𝄞'.repeat(4));
  });

  it('aliases are hard links, a latest alias included; counts include every served spelling', async () => {
    const dir = fresh();
    const stats = await writeOutputs(dir, plan(['a']), arena);
    const ino = (p: string) => lstatSync(join(dir, p)).ino;
    expect(ino('v0.1/servers/ns/a/versions/latest.json')).toBe(ino('v0.1/servers/ns/a/versions/0.json'));
    expect(statSync(join(dir, 'v0.1/servers/ns/a/versions/0.json')).nlink).toBe(3);
    // under /v0.1: 3 versions × 2 + latest + 2 lists + snapshot = 10, plus 9 through the `%2F` link; /v0 serves those 19 again
    expect(stats.files).toBe(10 + 9 + 19);
  });

  it('a rebuild over an earlier build gives exactly a fresh build, rewriting kept files in place', async () => {
    const dir = fresh();
    await writeOutputs(dir, plan(['a', 'b', 'gone']), arena);
    const keptInode = lstatSync(join(dir, 'v0.1/servers/ns/a/versions/1.json')).ino;
    // leftovers of an older layout: a stray file, a folder where a file now goes, a link now aimed elsewhere
    writeFileSync(join(dir, 'stray.html'), 'old page');
    rmSync(join(dir, 'v0.1/servers/ns/b/versions.json'), { force: true });
    mkdirSync(join(dir, 'v0.1/servers/ns/b/versions.json/x'), { recursive: true });
    rmSync(join(dir, 'v0.1/servers/ns%2Fb'));
    symlinkSync('elsewhere', join(dir, 'v0.1/servers/ns%2Fb'));
    const next = plan(['a', 'b', 'new'], { latest: 2 });
    const stats = await writeOutputs(dir, next, encodeArena(bodies.map((b) => b.replace('"n', '"m'))), { threads: 2 });
    const clean = fresh();
    await writeOutputs(
      clean,
      plan(['a', 'b', 'new'], { latest: 2 }),
      encodeArena(bodies.map((b) => b.replace('"n', '"m'))),
    );
    expect(treeShape(dir)).toEqual(treeShape(clean));
    expect(lstatSync(join(dir, 'v0.1/servers/ns/a/versions/1.json')).ino).toBe(keptInode);
    expect(stats.rewritten).toBeGreaterThan(0);
    expect(stats.removed).toBeGreaterThan(0);
  });

  it("leaves the site's work folder alone: the site renders into it while the API is written", async () => {
    const dir = fresh();
    mkdirSync(join(dir, SITE_WORK_DIR, 'out-0/server'), { recursive: true });
    writeFileSync(join(dir, SITE_WORK_DIR, 'out-0/server/page.html'), 'rendering');
    writeFileSync(join(dir, 'stray.html'), 'old page');
    const stats = await writeOutputs(dir, plan(['a']), arena);
    expect(readFileSync(join(dir, SITE_WORK_DIR, 'out-0/server/page.html'), 'utf8')).toBe('rendering');
    // Everything else that is not the plan's still goes.
    expect(stats.removed).toBe(1);
  });

  it('an old alias that becomes a document of its own never overwrites its former twin', async () => {
    const dir = fresh();
    const first = new OutputSet();
    first.write('a.json', [0], 'a');
    first.alias('b.json', 'a.json', 'b');
    await writeOutputs(dir, first.list, arena);
    const second = new OutputSet();
    second.write('a.json', [0], 'a');
    second.write('b.json', [1], 'b');
    await writeOutputs(dir, second.list, arena);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(bodies[0]);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(bodies[1]);
  });

  it('an error in the writer thread reaches the caller with its code', async () => {
    const dir = fresh();
    const out = new OutputSet();
    out.write('v0.1/servers/ns/first/versions.json', ['{}'], 'main thread');
    out.write(`v0.1/servers/ns/second/${'x'.repeat(300)}.json`, ['{}'], 'worker thread');
    await expect(writeOutputs(dir, out.list, encodeArena([]), { threads: 2 })).rejects.toMatchObject({
      code: 'ENAMETOOLONG',
    });
  });
});
