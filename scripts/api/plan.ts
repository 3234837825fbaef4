/**
 * Records → every API document under dist/, as a plan of outputs (pure; the writer does the I/O).
 * Each record is serialized once; every list, page, bucket and snapshot reuses those strings. Which
 * paths exist, and which are files, aliases or links, is the URL layout's (scripts/core/url-layout.ts).
 */
import { assertRecordOrder, groupByName } from '../records/order.ts';
import { createHash } from 'node:crypto';
import { ArenaBuilder, recordBuffer, type Arena } from './arena.ts';
import { OFFICIAL_META_KEY, type ServerRecord } from '../core/types.ts';
import { newestFirst } from '../records/build-records.ts';
import { bucketLatest, feedBuckets, feedDays, latestVersions } from './feed.ts';
import { OutputSet, listParts, type Output, type Part } from './outputs.ts';
import {
  LIST_KINDS,
  OWN,
  describeDoc,
  paths,
  rootEntries,
  serverEntries,
  type DistEntry,
  type ListKind,
} from '../core/url-layout.ts';

/** Bumped when the shape of the generated files changes, so build ids change with it. */
export const API_FORMAT = 'mcp-static-registry/api@2';
const BUILD_ID_LENGTH = 16;

export interface PlanOptions {
  metaKey: string;
  /** Prebuilt page sizes of the paginated listings (the first is the default). */
  pageSizes: number[];
  sourceCommit: string;
  generatedAt: string;
}

export interface ApiPlan {
  outputs: Output[];
  /** Every record serialized once; content parts that are numbers index it. */
  arena: Arena;
  buildId: string;
  /** dist-relative paths of the content-hashed and entry-point assets. */
  assets: { snapshot: string; changes: string };
  counts: {
    servers: number;
    versions: number;
    latest: number;
    /** Servers whose every version is deleted: no official path (only the feed, the snapshot, the all pages). */
    withdrawn: number;
    active: number;
    deprecated: number;
    deleted: number;
    pages: number;
    feedDays: number;
  };
}

export function planApi(records: readonly ServerRecord[], options: PlanOptions): ApiPlan {
  assertRecordOrder(records, 'planApi');
  const { arena, buildId } = serialize(records, options);
  const out = new OutputSet();
  const servers = groupByName(records);

  // The official paths answer as the official registry does by default (include_deleted=false): a deleted version
  // has no file, and a server whose every version is deleted has none at all (404 at …/versions and …/latest).
  // Tombstones stay where mirrors read them: the feed, the snapshot and the all-versions pages.
  const official = servers
    .map((g) => {
      const live = g.indexes.filter((i) => !isDeleted(records[i]!));
      // With a live version, isLatest is on a live one (the rule skips deleted versions).
      return { name: g.name, live, latest: live.find((i) => isLatest(records[i]!)) };
    })
    .filter((s) => s.live.length > 0);

  // The official list: every server's latest non-deleted version, no nextCursor (a query-string client must never loop).
  const latestIdx = official.flatMap((s) => (s.latest === undefined ? [] : [s.latest]));
  const list = listParts(latestIdx, { count: latestIdx.length });
  for (const e of rootEntries([OWN])) place(out, e, () => list);

  for (const { name, live, latest } of official) {
    // …/versions: the live versions, newest publish first.
    const position = new Map(live.map((i) => [records[i]!, i] as const));
    const versionsIdx = newestFirst(live.map((i) => records[i]!)).map((r) => position.get(r)!);
    const indexOf = new Map(live.map((i) => [records[i]!.server.version, i] as const));
    const entries = serverEntries(
      name,
      live.map((i) => records[i]!.server.version),
      latest === undefined ? undefined : records[latest]!.server.version,
    );
    for (const e of entries) {
      // A server's files are its versions list and one file per version.
      place(out, e, () =>
        e.doc.type === 'version'
          ? [indexOf.get(e.doc.version)!]
          : listParts(versionsIdx, { count: versionsIdx.length }),
      );
    }
  }

  // Paginated listings: latest only, and all versions (tombstones included), per prebuilt size.
  let pages = 0;
  const allIdx = records.map((_, i) => i);
  for (const kind of LIST_KINDS) {
    const members = kind === 'latest' ? latestIdx : allIdx;
    for (const size of options.pageSizes) pages += planPages(out, kind, size, members);
  }

  // The updated_since feed.
  const buckets = feedBuckets(records);
  const latestNow = latestVersions(records);
  for (const b of buckets) {
    const latest = bucketLatest(records, b.members, latestNow);
    out.write(
      paths.changesDay(b.day),
      listParts(b.members, { count: b.members.length, day: b.day, buildId, latest }),
      `changes of ${b.day}`,
    );
  }

  // The snapshot: every record, content-addressed.
  const snapshotParts = listParts(allIdx, { count: records.length, buildId });
  const hash = createHash('sha256');
  for (const part of snapshotParts) hash.update(typeof part === 'number' ? recordBuffer(arena, part) : part);
  const snapshot = paths.snapshot(hash.digest('hex').slice(0, 16));
  out.write(snapshot, snapshotParts, 'the snapshot');

  const days = feedDays(records, buckets);
  const newest = days.length > 0 ? days[days.length - 1]!.last : undefined;
  const index = {
    format: API_FORMAT,
    buildId,
    sourceCommit: options.sourceCommit,
    generatedAt: options.generatedAt,
    count: records.length,
    ...(newest !== undefined ? { latestUpdatedAt: newest } : {}),
    snapshot: `../_snapshot/${snapshot.slice(snapshot.lastIndexOf('/') + 1)}`,
    days,
  };
  out.write(paths.changesIndex(), [JSON.stringify(index)], 'the changes index');

  const statusCount = (s: string) => records.filter((r) => r._meta[OFFICIAL_META_KEY].status === s).length;
  return {
    outputs: out.list,
    arena,
    buildId,
    assets: { snapshot, changes: paths.changesIndex() },
    counts: {
      servers: servers.length,
      versions: records.length,
      latest: latestIdx.length,
      withdrawn: servers.length - official.length,
      active: statusCount('active'),
      deprecated: statusCount('deprecated'),
      deleted: statusCount('deleted'),
      pages,
      feedDays: buckets.length,
    },
  };
}

/** One layout entry into the plan; `contents` gives a file's parts. */
function place(out: OutputSet, e: DistEntry, contents: () => Part[]): void {
  const why = describeDoc(e.doc);
  if (e.kind === 'file') out.write(e.path, contents(), why);
  else if (e.kind === 'alias') out.alias(e.path, e.sameAs, why);
  else out.symlink(e.path, e.symlinkTo, why);
}

/** Pages `1.json … n.json`; each names the next by cursor (for rewrite hosts) and by relative URL. */
function planPages(out: OutputSet, kind: ListKind, size: number, members: readonly number[]): number {
  const total = members.length;
  const count = Math.max(1, Math.ceil(total / size));
  for (let n = 1; n <= count; n++) {
    const slice = members.slice((n - 1) * size, n * size);
    const hasNext = n < count;
    const metadata = {
      ...(hasNext ? { nextCursor: String(n + 1) } : {}),
      count: slice.length,
      page: n,
      pages: count,
      total,
      ...(hasNext ? { nextPage: `${n + 1}.json` } : {}),
    };
    out.write(paths.page(kind, size, n), listParts(slice, metadata), `page ${n} of ${kind}/${size}`);
  }
  return count;
}

/**
 * Serialize every record once, straight into the arena. The build id is a hash of all records
 * without it (plus the format, page sizes and source), so one repository state always gives one
 * id; each record is appended with a fixed-width blank slot in our own `_meta` entry (which the
 * records module puts last: `…}}}`) that is filled in once the id is known — no second pass, and
 * the strings of 100,000 records never coexist.
 */
function serialize(records: readonly ServerRecord[], options: PlanOptions): { arena: Arena; buildId: string } {
  const hash = createHash('sha256');
  hash.update(`${API_FORMAT}\n${options.pageSizes.join(',')}\n${options.sourceCommit}\n${options.generatedAt}\n`);
  const builder = new ArenaBuilder(records.length);
  const slots: number[] = [];
  const blankId = '0'.repeat(BUILD_ID_LENGTH);
  for (const r of records) {
    const own = r._meta[options.metaKey] as Record<string, unknown> | undefined;
    if (own) delete own.buildId;
    const s = JSON.stringify(r);
    const keys = Object.keys(r._meta);
    if (!own || keys[keys.length - 1] !== options.metaKey || Object.keys(own).length === 0 || !s.endsWith('}}}')) {
      throw new Error(
        `record ${r.server.name} ${r.server.version}: our _meta entry must be the last key of a non-empty _meta`,
      );
    }
    hash.update(s);
    hash.update('\n');
    const head = `${s.slice(0, -3)},"buildId":"`;
    slots.push(builder.append(`${head}${blankId}"}}}`) + Buffer.byteLength(head, 'utf8'));
  }
  const buildId = hash.digest('hex').slice(0, BUILD_ID_LENGTH);
  for (const at of slots) builder.patch(at, buildId);
  for (const r of records) (r._meta[options.metaKey] as Record<string, unknown>).buildId = buildId;
  return { arena: builder.finish(), buildId };
}

function isDeleted(r: ServerRecord): boolean {
  return r._meta[OFFICIAL_META_KEY].status === 'deleted';
}

function isLatest(r: ServerRecord): boolean {
  return r._meta[OFFICIAL_META_KEY].isLatest;
}
