import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything observable about a folder without following links: each entry's kind and bytes or
 * link target, and which paths share one file (hard links), named by their first path.
 */
export function treeShape(dir: string): Map<string, string> {
  const shape = new Map<string, string>();
  const firstOfInode = new Map<number, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, p));
      if (st.isDirectory()) {
        shape.set(p, 'dir');
        walk(p);
      } else if (st.isSymbolicLink()) {
        shape.set(p, `link → ${readlinkSync(join(dir, p))}`);
      } else {
        const first = firstOfInode.get(st.ino) ?? p;
        firstOfInode.set(st.ino, first);
        shape.set(p, `file ${readFileSync(join(dir, p)).toString('base64')} same as ${first}`);
      }
    }
  };
  walk('');
  return shape;
}
