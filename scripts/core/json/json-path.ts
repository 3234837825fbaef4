/** JSONPath spelling used in every problem: `$.packages[0].transport.url`, `$["odd key"]`. */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** `/packages/0/version` (JSON Pointer, as Ajv reports) → `$.packages[0].version`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  let path = '$';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^(0|[1-9]\d*)$/.test(seg) ? `${path}[${seg}]` : childPath(path, seg);
  }
  return path;
}
