/**
 * History, the pure part: fold `git log` change events (newest commit first) into the times
 * the records need per version folder. No I/O here, so the rules are testable from plain data.
 *
 * Times along first-parent history never go backwards: a commit dated before the commit below it
 * (clock skew, a direct push of an older commit, a fast-forward of a branch made earlier) takes
 * that commit's time. A change can only land on the branch after everything beneath it did, and a
 * mirror that synced up to time T must never find a newer change dated before T (docs/api.md).
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
  /** Its committer time (raised like every time, see above): the build's generated-at. */
  headTime: string;
  /** Keyed by folder path, e.g. `servers/com.example/weather/1.0.0`. */
  folders: Map<string, FolderTimes>;
  /** First-parent commits dated before a commit beneath them, whose time was raised (0 when absent). */
  raised?: number;
}

/** RFC 3339 UTC without fractions: what every timestamp in the API looks like. */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Accumulates events in git-log order (newest first): the first add of a server.json seen is the
 * one that made the current file, the first status.json event seen is its last change. Times are
 * resolved by `finish()`, once the oldest commit is known.
 */
export class HistoryFold {
  /** Commits in the order seen (newest first) with their own committer time. */
  private readonly commits: Array<{ commit: string; time: number }> = [];
  private readonly published = new Map<string, string>();
  /** status.json changes seen before (i.e. newer than) any add of the folder's server.json. */
  private readonly statusSeen = new Map<string, string>();

  add(e: ChangeEvent): void {
    const last = this.commits[this.commits.length - 1];
    if (last?.commit !== e.commit) this.commits.push({ commit: e.commit, time: e.time });
    const at = classifyPath(e.path);
    if (at.kind !== 'server' && at.kind !== 'status') return;
    const folder = versionDir(`${at.namespace}/${at.server}`, at.version);
    if (at.kind === 'server') {
      if (e.change === 'A' && !this.published.has(folder)) this.published.set(folder, e.commit);
    } else if (!this.published.has(folder) && !this.statusSeen.has(folder)) {
      // Only the newest change counts; older ones (already-published folders) are ignored.
      this.statusSeen.set(folder, e.commit);
    }
  }

  /** The folders' times, and the effective time of the newest commit seen (Unix seconds, 0 if none). */
  finish(): { folders: Map<string, FolderTimes>; newest: number; raised: number } {
    const effective = new Map<string, number>();
    let floor = Number.NEGATIVE_INFINITY;
    let raised = 0;
    for (let i = this.commits.length - 1; i >= 0; i--) {
      const { commit, time } = this.commits[i]!;
      if (time < floor) raised++;
      floor = Math.max(floor, time);
      effective.set(commit, floor);
    }
    const at = (commit: string) => isoSeconds(effective.get(commit)!);
    const folders = new Map<string, FolderTimes>();
    for (const [folder, commit] of this.published) {
      const times: FolderTimes = { publishedAt: at(commit), publishedCommit: commit };
      const status = this.statusSeen.get(folder);
      if (status !== undefined) {
        times.statusChangedAt = at(status);
        times.statusCommit = status;
      }
      folders.set(folder, times);
    }
    return { folders, newest: this.commits.length > 0 ? effective.get(this.commits[0]!.commit)! : 0, raised };
  }
}
