import { describe, it, expect } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskFiles } from '../../../scripts/bench/sections/main.ts';

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
