/**
 * Content-defined grouping: split a sequence into groups whose boundaries depend only on the items at
 * them, so adding, changing or removing one item changes the group it sits in (two when it starts a
 * new one) and no other. A group starts at an item whose key hashes to 0 modulo `average` (so groups
 * hold about `average` items), or where the group would otherwise pass `maxBytes`.
 */

export interface GroupOptions<T> {
  key: (item: T) => string;
  bytes: (item: T) => number;
  average: number;
  maxBytes: number;
}

export function contentDefinedGroups<T>(items: readonly T[], o: GroupOptions<T>): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = o.bytes(item);
    const cut = current.length > 0 && (hashKey(o.key(item)) % o.average === 0 || size + bytes > o.maxBytes);
    if (cut) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** 32-bit FNV-1a over UTF-16 code units, then a murmur3 finaliser so the low bits are as good as the high ones. */
export function hashKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
