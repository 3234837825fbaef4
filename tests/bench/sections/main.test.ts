import { describe, it, expect } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskFiles, plainTree, treeRecipe } from '../../../scripts/bench/sections/main.ts';
import { treeShape } from '../../api/tree-shape.ts';

describe('main section: what the build leaves on disk', () => {
  it('counts each regular file once, whatever links name it, with its bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-main-'));
    try {
      mkdirSync(join(dir, 'a/b'), { recursive: true });
      writeFileSync(join(dir, 'a/one.json'), '12345');
      writeFileSync(join(dir, 'a/b/index.html'), '1234567890');
      linkSync(join(dir, 'a/one.json'), join(dir, 'a/b/one.json')); // a hard link: the same inode
      symlinkSync('one.json', join(dir, 'a/latest')); // a symbolic link: not a file a writer writes
      expect(diskFiles(dir)).toEqual({ files: 2, bytes: 15 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('main section: the output floor', () => {
  it('recreates the recorded tree: every folder, file size, hard link and symbolic link, after reading the inputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-main-tree-'));
    try {
      const built = join(dir, 'built');
      mkdirSync(join(built, 'v0.1/servers/ns/x/versions'), { recursive: true });
      mkdirSync(join(built, 'server/ns/x'), { recursive: true });
      writeFileSync(join(built, 'v0.1/servers/ns/x/versions/1.0.0.json'), '{"a":1}');
      linkSync(join(built, 'v0.1/servers/ns/x/versions/1.0.0.json'), join(built, 'v0.1/servers/ns/x/versions/1.0.0'));
      linkSync(join(built, 'v0.1/servers/ns/x/versions/1.0.0.json'), join(built, 'v0.1/servers/ns/x/versions/latest'));
      symlinkSync('ns/x', join(built, 'v0.1/servers/ns%2Fx'));
      writeFileSync(join(built, 'server/ns/x/index.html'), '<p>page</p>');
      const root = join(dir, 'root');
      mkdirSync(join(root, 'servers/ns/x/1.0.0'), { recursive: true });
      writeFileSync(join(root, 'servers/ns/x/1.0.0/server.json'), '{"name":"ns/x"}');
      const recipe = join(dir, 'recipe.json');
      writeFileSync(recipe, JSON.stringify(treeRecipe(built)));

      const out = join(dir, 'floor');
      const result = plainTree({ root, out, recipe });
      expect(result).toMatchObject({ files: 2, bytes: 18, read: 15, entries: 13 });
      // The same shape, file contents aside (the floor writes as many bytes, not the same ones).
      const sized = (shape: Map<string, string>) =>
        [...shape].map(([p, v]) => [
          p,
          v.replace(/^file (\S*)/, (_, b64: string) => `file ${Buffer.from(b64, 'base64').length}`),
        ]);
      expect(sized(treeShape(join(out, `run-${process.pid}`)))).toEqual(sized(treeShape(built)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
