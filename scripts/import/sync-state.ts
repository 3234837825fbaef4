/**
 * `servers/_upstream.json`: the newest upstream `updatedAt` each upstream's last import saw, committed with the import
 * so the next run (on any clone, in CI) asks only `updated_since` it. The tree rules check its shape
 * (schemas/upstream-sync.schema.json, rule upstream-sync-schema).
 */
import { ownValidator } from '../schema/registry.ts';
import { SERVERS_DIR, UPSTREAM_SYNC_FILE } from '../core/repo-path.ts';
import { decodeJson, MAX_SMALL_JSON_BYTES } from '../validate/bytes.ts';

export const UPSTREAM_SYNC_PATH = `${SERVERS_DIR}/${UPSTREAM_SYNC_FILE}`;

export interface SyncState {
  upstreams: Record<string, { lastSync: string }>;
}

/** Parse the committed file; a message saying what is wrong when it cannot be used. */
export function parseSyncState(bytes: Uint8Array): { state: SyncState } | { error: string } {
  const decoded = decodeJson(bytes, UPSTREAM_SYNC_PATH, MAX_SMALL_JSON_BYTES);
  if (decoded.value === undefined)
    return { error: decoded.problems.map((p) => `${p.rule}: ${p.message}`).join('; ') || 'not JSON' };
  const validate = ownValidator('upstream-sync');
  if (!validate(decoded.value)) {
    const first = validate.errors?.[0];
    return { error: `upstream-sync-schema: ${first?.instancePath || '$'} ${first?.message ?? 'is invalid'}` };
  }
  return { state: decoded.value as SyncState };
}

/** The state with `upstream` moved to `lastSync`, serialized with sorted keys (one line per upstream in diffs). */
export function withLastSync(state: SyncState | undefined, upstream: string, lastSync: string): string {
  const upstreams = { ...(state?.upstreams ?? {}), [upstream]: { lastSync } };
  const sorted = Object.fromEntries(
    Object.keys(upstreams)
      .sort()
      .map((k) => [k, upstreams[k]!]),
  );
  return `${JSON.stringify({ upstreams: sorted }, null, 2)}\n`;
}

/** The later of two RFC 3339 times (by instant), either possibly absent. */
export function laterTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
