/**
 * The ToolHive export: the whole registry as one file in ToolHive's "upstream" registry format, the format its
 * registry server (`thv-registry-api`, a `file:` or `git:` source) and its Kubernetes operator import. Pure.
 *
 * The format (stacklok/toolhive-core `registry/types/upstream_registry.go`, JSON Schema
 * `registry/types/data/upstream-registry.schema.json`):
 *   {"$schema": <that schema>, "version": "<MAJOR.MINOR.PATCH of the format>", "meta": {"last_updated": <RFC 3339>},
 *    "data": {"servers": [<server.json>, …]}}
 * Each item is a plain server.json (the official schema, no `_meta` of the registry). ToolHive keeps one entry per
 * server, so it is each server's latest version, deleted ones left out, as in the official list; the format has no
 * status, so a deprecated latest version is listed as is (`/v0.1` tells the status). `last_updated` is the newest
 * `updatedAt` of any record (a deletion counts), else the source commit's time: the same repository gives the same
 * bytes.
 */
import { OFFICIAL_META_KEY, type ServerJson, type ServerRecord } from '../core/types.ts';
import { codeUnitOrder } from '../core/compare.ts';

/** The `$schema` ToolHive writes (the schema's own `$id`). */
export const TOOLHIVE_SCHEMA_URL =
  'https://raw.githubusercontent.com/stacklok/toolhive/main/pkg/registry/data/upstream-registry.schema.json';
/** The version of the format (not of this registry), as ToolHive writes it. */
export const TOOLHIVE_FORMAT_VERSION = '1.0.0';

export function toolhiveExport(records: readonly ServerRecord[], generatedAt: string): string {
  let lastUpdated: string | undefined;
  const servers: ServerJson[] = [];
  for (const r of records) {
    const meta = r._meta[OFFICIAL_META_KEY];
    if (lastUpdated === undefined || codeUnitOrder(meta.updatedAt, lastUpdated) > 0) lastUpdated = meta.updatedAt;
    if (meta.isLatest && meta.status !== 'deleted') servers.push(r.server);
  }
  return JSON.stringify({
    $schema: TOOLHIVE_SCHEMA_URL,
    version: TOOLHIVE_FORMAT_VERSION,
    meta: { last_updated: lastUpdated ?? generatedAt },
    data: { servers },
  });
}
