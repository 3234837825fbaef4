/**
 * History, the pure part: fold `git log` change events (newest commit first) into the times
 * the records need per version folder. No I/O here, so the rules are testable from plain data.
 */
import { classifyPath, versionDir } from '../core/repo-path.ts';

/** One path changed by one first-parent commit, as `git log --name-status` reports it. */
export interface ChangeEvent {
  commit: string;
  /** Committer time, Unix seconds. */
  time: number;
  /** A, M, D, T (renames are reported as D + A). */
  change: string;
  /** Repository-relative path, forward slashes. */
  path: string;
}

/** What git says about one version folder `servers/<ns>/<server>/<version>`. */
export interface FolderTimes {
  /** When the current server.json landed (the newest commit that added it). */
  publishedAt: string;
  publishedCommit: string;
  /** When status.json last changed (added, edited or removed), if it ever did. */
  statusChangedAt?: string;
  statusCommit?: string;
}

export interface RepoHistory {
  /** The commit the history was read from (HEAD unless told otherwise). */
  headCommit: string;
  /** Its committer time: the build's generated-at. */
  headTime: string;
  /** Keyed by folder path, e.g. `servers/com.example/weather/1.0.0`. */
  folders: Map<string, FolderTimes>;
}

/** RFC 3339 UTC without fractions: what every timestamp in the API looks like. */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Accumulates events in git-log order (newest first): the first add of a server.json seen is the
 * one that made the current file, the first status.json event seen is its last change.
 */
export class HistoryFold {
  readonly folders = new Map<string, FolderTimes>();
  /** status.json changes seen before (i.e. newer than) any add of the folder's server.json. */
  private readonly statusSeen = new Map<string, { at: string; commit: string }>();

  add(e: ChangeEvent): void {
    const at = classifyPath(e.path);
    if (at.kind !== 'server' && at.kind !== 'status') return;
    const folder = versionDir(`${at.namespace}/${at.server}`, at.version);
    if (at.kind === 'server') {
      if (e.change !== 'A' || this.folders.has(folder)) return;
      const times: FolderTimes = { publishedAt: isoSeconds(e.time), publishedCommit: e.commit };
      const status = this.statusSeen.get(folder);
      if (status) {
        times.statusChangedAt = status.at;
        times.statusCommit = status.commit;
      }
      this.folders.set(folder, times);
    } else {
      // Only the newest change counts; older ones (already-published folders) are ignored.
      if (this.folders.has(folder) || this.statusSeen.has(folder)) return;
      this.statusSeen.set(folder, { at: isoSeconds(e.time), commit: e.commit });
    }
  }
}
