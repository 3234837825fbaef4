/**
 * The `updated_since` feed: day buckets (UTC, by `updatedAt`) of full records, deletions included
 * as tombstones, and a small index naming each bucket with its time range. A record sits in
 * exactly one bucket, the day of its current `updatedAt`; a change moves it to a newer bucket, so a
 * client holding time T needs only the buckets of days ≥ T's day (docs/api.md has the algorithm).
 *
 * A change to one version can move `isLatest` on another without changing that one's `updatedAt` (the official
 * semantics), so each bucket also names, for every server it holds a record of, the version that holds
 * `isLatest` now (a deleted one when every version is deleted): a mirror applies it to the records it holds.
 */
import { OFFICIAL_META_KEY, type ServerRecord } from '../core/types.ts';
import { codeUnitOrder } from '../core/compare.ts';

export interface FeedDay {
  day: string;
  /** Path of the bucket relative to the index (same folder). */
  path: string;
  count: number;
  /** Earliest and latest `updatedAt` in the bucket. */
  first: string;
  last: string;
}

export interface FeedBucket {
  day: string;
  /** Indexes into the records array, ordered by updatedAt, then name, then version. */
  members: number[];
}

/** Group records into day buckets, oldest day first. */
export function feedBuckets(records: readonly ServerRecord[]): FeedBucket[] {
  const order = records.map((_, i) => i);
  const at = (i: number) => records[i]!._meta[OFFICIAL_META_KEY].updatedAt;
  // records are already in name/version order, so a stable sort by time keeps that as the tie-break.
  order.sort((a, b) => codeUnitOrder(at(a), at(b)) || a - b);
  const buckets: FeedBucket[] = [];
  for (const i of order) {
    const day = at(i).slice(0, 10);
    const last = buckets[buckets.length - 1];
    if (last && last.day === day) last.members.push(i);
    else buckets.push({ day, members: [i] });
  }
  return buckets;
}

export function feedDays(records: readonly ServerRecord[], buckets: readonly FeedBucket[]): FeedDay[] {
  return buckets.map((b) => ({
    day: b.day,
    path: `${b.day}.json`,
    count: b.members.length,
    first: records[b.members[0]!]!._meta[OFFICIAL_META_KEY].updatedAt,
    last: records[b.members[b.members.length - 1]!]!._meta[OFFICIAL_META_KEY].updatedAt,
  }));
}

/** Each server's version that holds isLatest (every server has one: the rule always picks a version). */
export function latestVersions(records: readonly ServerRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) if (r._meta[OFFICIAL_META_KEY].isLatest) out.set(r.server.name, r.server.version);
  return out;
}

/** `{name: latest version}` for the servers with a record in the bucket, in name order. */
export function bucketLatest(
  records: readonly ServerRecord[],
  members: readonly number[],
  latest: ReadonlyMap<string, string>,
): Record<string, string> {
  const names = [...new Set(members.map((i) => records[i]!.server.name))].sort(codeUnitOrder);
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = latest.get(n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}
