/** The order every writer of records relies on: by name, then version, each (name, version) once. */
import { codeUnitOrder } from '../core/compare.ts';
import type { ServerRecord } from '../core/types.ts';

/** Consecutive records of one server: its name and their indexes (records in `assertRecordOrder`'s order). */
export function groupByName(records: readonly ServerRecord[]): Array<{ name: string; indexes: number[] }> {
  const groups: Array<{ name: string; indexes: number[] }> = [];
  records.forEach((r, i) => {
    const last = groups[groups.length - 1];
    if (last && last.name === r.server.name) last.indexes.push(i);
    else groups.push({ name: r.server.name, indexes: [i] });
  });
  return groups;
}

/** Throws (a programming error, not a user's) unless records are sorted by name, then version, without duplicates. */
export function assertRecordOrder(records: readonly ServerRecord[], who: string): void {
  for (let i = 1; i < records.length; i++) {
    const a = records[i - 1]!.server;
    const b = records[i]!.server;
    if (a.name > b.name || (a.name === b.name && a.version >= b.version))
      throw new Error(
        `${who}: records must be sorted by name, then version, without duplicates (${a.name} ${a.version} before ${b.name} ${b.version})`,
      );
  }
}

/** The order itself, for anything that carries a `server` (records, upstream answers). */
export function byNameThenVersion(
  a: { server: { name: string; version: string } },
  b: { server: { name: string; version: string } },
): number {
  return codeUnitOrder(a.server.name, b.server.name) || codeUnitOrder(a.server.version, b.server.version);
}
