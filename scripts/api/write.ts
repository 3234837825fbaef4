/**
 * The writer: puts a plan on disk. Aliases become hard links to their canonical file (same bytes,
 * no second write; upload-pages-artifact and any copier see ordinary files), falling back to a copy
 * where the file system refuses links; symbolic links give a folder a second name (the `%2F` name
 * spelling, /v0). Four phases — folders, contents, hard links, symbolic links — so each can run with
 * without an alias ever coming before its canonical file. Synchronous on purpose: for hundreds of
 * thousands of small files, sync calls are several times faster than the async API, whose every
 * file costs round trips through libuv's four-thread pool (measured in docs/benchmarks.md).
 */
import { copyFileSync, linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { partsBytes, type Output } from './outputs.ts';

export interface WriteStats {
  /** Logical files: every path a host serves once the artifact dereferences links. */
  files: number;
  /** Logical bytes: what a host stores and serves (aliases and linked folders counted as copies). */
  bytes: number;
  /** Directory entries actually created (files, hard links, symbolic links). */
  entries: number;
  /** Bytes actually written (aliases cost none when linked). */
  writtenBytes: number;
}

export async function writeOutputs(outDir: string, outputs: readonly Output[]): Promise<WriteStats> {
  const dirs = new Set<string>();
  for (const o of outputs) dirs.add(dirname(join(outDir, o.path)));
  for (const d of [...dirs].sort()) mkdirSync(d, { recursive: true });

  const sizes = new Map<string, number>();
  const contents = outputs.filter((o): o is Extract<Output, { parts: string[] }> => 'parts' in o);
  let writtenBytes = 0;
  for (const o of contents) {
    const body = o.parts.length === 1 ? o.parts[0]! : o.parts.join('');
    writeFileSync(join(outDir, o.path), body);
    const n = o.parts.length === 1 ? Buffer.byteLength(body) : partsBytes(o.parts);
    sizes.set(o.path, n);
    writtenBytes += n;
  }

  let useLinks = true;
  const aliases = outputs.filter((o): o is Extract<Output, { sameAs: string }> => 'sameAs' in o);
  let bytes = writtenBytes;
  for (const o of aliases) {
    const source = join(outDir, o.sameAs);
    const target = join(outDir, o.path);
    const n = sizes.get(o.sameAs) ?? 0;
    sizes.set(o.path, n);
    bytes += n;
    if (useLinks) {
      try {
        linkSync(source, target);
        continue;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw e;
        useLinks = false;
      }
    }
    copyFileSync(source, target);
    writtenBytes += n;
  }
  const links = outputs.filter((o): o is Extract<Output, { symlinkTo: string }> => 'symlinkTo' in o);
  for (const o of links) symlinkSync(o.symlinkTo, join(outDir, o.path));

  const served = servedThroughLinks(outputs, sizes, links);
  return { files: sizes.size + served.files, bytes: bytes + served.bytes, entries: outputs.length, writtenBytes };
}

/**
 * What the symbolic links add when dereferenced: a link serves everything under its target folder,
 * links inside that folder included (the `%2F` spellings inside /v0.1, reached again through /v0).
 */
function servedThroughLinks(
  outputs: readonly Output[],
  sizes: ReadonlyMap<string, number>,
  links: ReadonlyArray<{ path: string; symlinkTo: string }>,
): { files: number; bytes: number } {
  const resolved = links.map((l) => ({ path: l.path, target: posix.normalize(posix.join(posix.dirname(l.path), l.symlinkTo)) }));
  const under = new Map<string, { files: number; bytes: number }>();
  for (const l of resolved) under.set(l.target, { files: 0, bytes: 0 });
  for (const o of outputs) {
    if ('symlinkTo' in o) continue;
    const n = sizes.get(o.path) ?? 0;
    for (let i = o.path.indexOf('/'); i !== -1; i = o.path.indexOf('/', i + 1)) {
      const total = under.get(o.path.slice(0, i));
      if (total) {
        total.files++;
        total.bytes += n;
      }
    }
  }
  // Deeper targets first, so a folder's value includes the links inside it before it is used.
  const byDepth = [...resolved].sort((a, b) => b.target.split('/').length - a.target.split('/').length);
  const value = new Map<string, { files: number; bytes: number }>();
  for (const l of byDepth) {
    const v = value.get(l.target) ?? under.get(l.target)!;
    value.set(l.target, v);
    for (let i = l.path.indexOf('/'); i !== -1; i = l.path.indexOf('/', i + 1)) {
      const outer = under.get(l.path.slice(0, i));
      if (outer) {
        outer.files += v.files;
        outer.bytes += v.bytes;
      }
    }
  }
  let files = 0;
  let bytes = 0;
  for (const l of resolved) {
    files += value.get(l.target)!.files;
    bytes += value.get(l.target)!.bytes;
  }
  return { files, bytes };
}
