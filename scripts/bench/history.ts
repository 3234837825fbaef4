/**
 * The synthetic history, planned as data: every change (a version published, a status changed, an owners.json written)
 * gets a time, then changes are grouped into main-line commits, about one in seven landing through a merge commit.
 * Pure and seeded; generate.ts streams the plan into `git fast-import`.
 */
import type { PlannedServer } from './catalogue.ts';
import type { Rng } from './random.ts';

export type Change =
  | { t: number; kind: 'version'; server: number; version: number }
  | {
      t: number;
      kind: 'status';
      server: number;
      version: number;
      status: 'active' | 'deprecated' | 'deleted';
      message?: string;
    }
  | { t: number; kind: 'owners'; server: number; owners: Array<{ login: string; id: number; note?: string }> };

export interface PlannedCommit {
  /** Unix seconds of the main-line commit. */
  time: number;
  changes: Change[];
  /** When set, the changes land through a merge: a side commit on top of the main commit `baseBack` steps back. */
  merge?: { baseBack: number; sideTime: number; pr: number };
}

/** End of every synthetic history (fixed so the same seed gives the same commit ids). */
export const HISTORY_END = Date.UTC(2026, 4, 1) / 1000;

export function planChanges(rng: Rng, servers: PlannedServer[], days: number): Change[] {
  const span = days * 86_400;
  const start = HISTORY_END - span;
  const changes: Change[] = [];
  const n = servers.length;
  servers.forEach((s, i) => {
    // Servers appear over the whole span, earlier ones (with more versions) earlier.
    let t = start + Math.floor(span * 0.97 * ((i + rng.next()) / n));
    const left = HISTORY_END - 60 - t;
    const gap = Math.max(60, Math.floor(left / (s.versions.length + 1)));
    s.versions.forEach((_, v) => {
      if (v > 0) t = Math.min(HISTORY_END - 60, t + Math.floor(gap * (0.3 + 1.4 * rng.next())));
      changes.push({ t, kind: 'version', server: i, version: v });
      const rest = HISTORY_END - 1 - t;
      if (rest > 3600 && rng.chance(0.025)) {
        const deleted = rng.chance(0.2);
        const when = t + rng.int(3600, rest);
        changes.push({
          t: when,
          kind: 'status',
          server: i,
          version: v,
          status: deleted ? 'deleted' : 'deprecated',
          ...(rng.chance(0.7)
            ? { message: deleted ? "Removed at the publisher's request" : 'Please upgrade to the latest version' }
            : {}),
        });
        if (HISTORY_END - 1 - when > 3600 && rng.chance(0.15)) {
          changes.push({
            t: rng.int(when + 1800, HISTORY_END - 1),
            kind: 'status',
            server: i,
            version: v,
            status: 'active',
          });
        }
      }
    });
  });
  // owners.json for a few namespaces (keyed by the first server of the namespace), some edited later.
  const seenNs = new Set<string>();
  servers.forEach((s, i) => {
    if (seenNs.has(s.ns.namespace)) return;
    seenNs.add(s.ns.namespace);
    if (!rng.chance(0.03)) return;
    const t = rng.int(HISTORY_END - span, HISTORY_END - 7200);
    const owner = (k: number) => ({ login: `${s.ns.owner.slice(0, 30)}-bot${k}`, id: rng.int(1_000, 250_000_000) });
    const first = [owner(1)];
    changes.push({ t, kind: 'owners', server: i, owners: first });
    if (rng.chance(0.3))
      changes.push({
        t: rng.int(t + 60, HISTORY_END - 1),
        kind: 'owners',
        server: i,
        owners: [...first, { ...owner(2), note: 'co-maintainer' }],
      });
  });
  // Stable sort keeps a version before its own status changes when times tie.
  return changes.sort((a, b) => a.t - b.t);
}

/** Group time-ordered changes into about `days × perDay` main-line commits with strictly increasing times. */
export function planCommits(rng: Rng, changes: Change[], days: number, perDay = 6): PlannedCommit[] {
  const target = Math.max(1, Math.min(changes.length, Math.round(days * perDay)));
  const per = changes.length / target;
  const commits: PlannedCommit[] = [];
  let last = 0;
  let pr = 1;
  for (let k = 0, from = 0; k < target; k++) {
    const to = k === target - 1 ? changes.length : Math.round((k + 1) * per);
    if (to <= from) continue;
    const group = changes.slice(from, to);
    from = to;
    const time = Math.max(last + 1, group[group.length - 1]!.t);
    const commit: PlannedCommit = { time, changes: group };
    if (commits.length > 3 && rng.chance(0.15)) {
      const baseBack = rng.int(1, 3);
      const baseTime = commits[commits.length - baseBack]!.time;
      commit.merge = {
        baseBack,
        sideTime: baseTime + Math.max(1, Math.floor((time - baseTime) * rng.next())),
        pr: pr++,
      };
    }
    commits.push(commit);
    last = time;
  }
  return commits;
}
