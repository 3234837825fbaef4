/** The ToolHive export against the documented format (toolhive-format.ts). */
import { describe, expect, it } from 'vitest';
import { TOOLHIVE_SCHEMA_URL, toolhiveExport } from '../../scripts/api/toolhive.ts';
import { OFFICIAL_META_KEY, type ServerRecord, type Status } from '../../scripts/core/types.ts';
import { CURRENT_SCHEMA_URL } from '../../scripts/schema/registry.ts';
import { validEnvelope, validServer } from './toolhive-format.ts';

function record(name: string, version: string, o: { status?: Status; isLatest?: boolean; updatedAt?: string } = {}) {
  const r: ServerRecord = {
    server: {
      $schema: CURRENT_SCHEMA_URL,
      name,
      description: `The ${name} server.`,
      version,
      packages: [{ registryType: 'npm', identifier: 'x-mcp', version, transport: { type: 'stdio' } }],
    },
    _meta: {
      [OFFICIAL_META_KEY]: {
        status: o.status ?? 'active',
        statusChangedAt: '2026-01-01T00:00:00Z',
        publishedAt: '2026-01-01T00:00:00Z',
        updatedAt: o.updatedAt ?? '2026-01-01T00:00:00Z',
        isLatest: o.isLatest ?? true,
      },
      'com.example.registry/static': { path: `servers/${name}/${version}/server.json` },
    },
  };
  return r;
}

describe('the ToolHive export', () => {
  const records = [
    record('com.example/a', '1.0.0', { isLatest: false }),
    record('com.example/a', '2.0.0', { status: 'deprecated', updatedAt: '2026-02-01T00:00:00Z' }),
    record('com.example/b', '0.1.0', { status: 'deleted', updatedAt: '2026-03-04T05:06:07Z' }),
    record('com.example/c', '1.0.0'),
  ];
  const doc = JSON.parse(toolhiveExport(records, '2025-01-01T00:00:00Z'));

  it('is the documented envelope around plain server.json documents', () => {
    expect(validEnvelope(doc), JSON.stringify(validEnvelope.errors)).toBe(true);
    expect(Object.keys(doc)).toEqual(['$schema', 'version', 'meta', 'data']);
    expect(doc.$schema).toBe(TOOLHIVE_SCHEMA_URL);
    expect(doc.version).toBe('1.0.0');
    for (const s of doc.data.servers) {
      expect(validServer(s), JSON.stringify(validServer.errors)).toBe(true);
      expect(s).not.toHaveProperty('server');
    }
  });

  it('lists each server once, its latest version, deleted servers left out and deprecated ones kept', () => {
    expect(doc.data.servers.map((s: { name: string; version: string }) => `${s.name}@${s.version}`)).toEqual([
      'com.example/a@2.0.0',
      'com.example/c@1.0.0',
    ]);
    expect(doc.data.servers[0]).toEqual(records[1]!.server);
  });

  it('last_updated is the newest updatedAt of any record (a deletion counts), else the source time', () => {
    expect(doc.meta.last_updated).toBe('2026-03-04T05:06:07Z');
    const empty = JSON.parse(toolhiveExport([], '2025-01-01T00:00:00Z'));
    expect(empty).toMatchObject({ meta: { last_updated: '2025-01-01T00:00:00Z' }, data: { servers: [] } });
    expect(validEnvelope(empty)).toBe(true);
  });

  it('the envelope check can fail', () => {
    expect(validEnvelope({ ...doc, version: 'v1' })).toBe(false);
    expect(validEnvelope({ ...doc, meta: {} })).toBe(false);
    expect(validEnvelope({ ...doc, data: { servers: {} } })).toBe(false);
  });
});
