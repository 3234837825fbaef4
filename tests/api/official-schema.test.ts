/**
 * Every JSON body under dist/ validates against the official ServerList / ServerResponse schemas,
 * compiled with Ajv straight from the vendored official OpenAPI document (never retyped), and our
 * own documents against the components of our own OpenAPI document.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICIAL_META_KEY } from '../../scripts/core/types.ts';
import type { GitRepo } from './fixture.ts';
import { readTree } from './fixture.ts';
import { buildInto } from './build-helpers.ts';
import { makeRegistry } from './registry-fixture.ts';
import { validEnvelope, validServer } from './toolhive-format.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const official = parse(readFileSync(new URL('../../schemas/openapi/official-openapi.yaml', import.meta.url), 'utf8'));

function compiler(doc: unknown, id: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...(doc as object), $id: id });
  return (name: string) => {
    const v = ajv.getSchema(`${id}#/components/schemas/${name}`);
    if (!v) throw new Error(`no component ${name}`);
    return v;
  };
}
const officialSchema = compiler(official, 'https://official.test/openapi');
const ServerList = officialSchema('ServerList');
const ServerResponse = officialSchema('ServerResponse');

/** Which schema a file under dist/ must satisfy, by its path. */
function kindOf(path: string): 'list' | 'record' | 'changes-index' | 'manifest' | 'openapi' | 'toolhive' | 'other' {
  if (/^v0(\.1)?\/servers(\/index\.html|\.json)$/.test(path)) return 'list';
  if (/\/versions(\/index\.html|\.json)$/.test(path)) return 'list';
  if (/\/servers\/_(page|snapshot)\//.test(path)) return 'list';
  if (path.endsWith('/_changes/index.json')) return 'changes-index';
  if (/\/_changes\/\d{4}-\d{2}-\d{2}\.json$/.test(path)) return 'list';
  if (/\/versions\/[^/]+$/.test(path)) return 'record';
  if (/^v0(\.1)?\/_build\.json$/.test(path)) return 'manifest';
  if (/^v0(\.1)?\/openapi\.json$/.test(path)) return 'openapi';
  if (/^v0(\.1)?\/servers\/_export\/toolhive\.json$/.test(path)) return 'toolhive';
  return 'other';
}

let repo: GitRepo;
let outDir: string;
let files: Map<string, Buffer>;
beforeAll(async () => {
  repo = makeRegistry();
  ({ outDir } = await buildInto(repo.dir));
  files = readTree(outDir);
});
afterAll(() => {
  repo?.remove();
  rmSync(outDir, { recursive: true, force: true });
});

describe('official shapes', () => {
  it('every list and record body validates against the official schemas', () => {
    let lists = 0;
    let records = 0;
    for (const [path, bytes] of files) {
      const kind = kindOf(path);
      if (kind !== 'list' && kind !== 'record') continue;
      const body = JSON.parse(bytes.toString('utf8'));
      const validate = kind === 'list' ? ServerList : ServerResponse;
      const ok = validate(body);
      expect(ok, `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const each = kind === 'list' ? body.servers : [body];
      for (const r of each)
        expect(
          Object.keys(r._meta[OFFICIAL_META_KEY]).every((k) =>
            ['status', 'statusChangedAt', 'statusMessage', 'publishedAt', 'updatedAt', 'isLatest'].includes(k),
          ),
        ).toBe(true);
      kind === 'list' ? lists++ : records++;
    }
    // 6 live versions (the 2 deleted have no file) + 1 extra `%2B` spelling + 4 `latest` (not the server whose every
    // version is deleted), each at 8 paths (2 prefixes × 2 name spellings × twin or not)
    expect(records).toBe((6 + 1 + 4) * 8);
    expect(lists).toBeGreaterThan(20);
    expect([...files.keys()].filter((p) => kindOf(p) === 'other').sort()).toEqual(['_headers', '_redirects']);
  });

  it("the ToolHive export is ToolHive's upstream registry format: the official list's servers, named by the manifest", () => {
    const manifest = JSON.parse(files.get('v0.1/_build.json')!.toString('utf8'));
    expect(manifest.assets.toolhive).toBe('v0.1/servers/_export/toolhive.json');
    const doc = JSON.parse(files.get(manifest.assets.toolhive)!.toString('utf8'));
    expect(validEnvelope(doc), JSON.stringify(validEnvelope.errors)).toBe(true);
    for (const s of doc.data.servers) expect(validServer(s), JSON.stringify(validServer.errors)).toBe(true);
    const list = JSON.parse(files.get('v0.1/servers.json')!.toString('utf8'));
    expect(doc.data.servers).toEqual(list.servers.map((r: { server: unknown }) => r.server));
    expect(doc.data.servers).toHaveLength(4);
    expect(files.has('v0/servers/_export/toolhive.json')).toBe(true);
  });

  it('the compiled schemas really reject a wrong body (the check can fail)', () => {
    const body = JSON.parse(files.get('v0.1/servers/io.github.alice/weather/versions/latest.json')!.toString('utf8'));
    expect(ServerResponse(body)).toBe(true);
    body._meta[OFFICIAL_META_KEY].ourField = 1;
    expect(ServerResponse(body)).toBe(false);
    expect(ServerList({ servers: [{ server: { name: 'x' } }] })).toBe(false);
  });

  it('our own documents validate against our OpenAPI document, which embeds the official components', () => {
    const ours = JSON.parse(files.get('v0.1/openapi.json')!.toString('utf8'));
    expect(ours.components.schemas.ServerResponse).toEqual(official.components.schemas.ServerResponse);
    const own = compiler(ours, 'https://ours.test/openapi');
    const index = own('ChangesIndex');
    const manifest = own('BuildManifest');
    const page = own('PageList');
    expect(
      index(JSON.parse(files.get('v0.1/servers/_changes/index.json')!.toString('utf8'))),
      JSON.stringify(index.errors),
    ).toBe(true);
    expect(manifest(JSON.parse(files.get('v0.1/_build.json')!.toString('utf8'))), JSON.stringify(manifest.errors)).toBe(
      true,
    );
    const bucket = own('ChangesBucket');
    let buckets = 0;
    for (const [path, bytes] of files) {
      if (path.includes('/_page/')) expect(page(JSON.parse(bytes.toString('utf8')))).toBe(true);
      if (/\/_changes\/\d{4}-\d{2}-\d{2}\.json$/.test(path)) {
        expect(bucket(JSON.parse(bytes.toString('utf8'))), `${path}: ${JSON.stringify(bucket.errors)}`).toBe(true);
        buckets++;
      }
    }
    expect(buckets).toBeGreaterThan(2);
    expect(bucket({ servers: [], metadata: { count: 0, day: '2026-01-01', buildId: 'x' } })).toBe(false);
    expect(Object.keys(ours.paths)).toEqual(
      expect.arrayContaining([
        '/v0.1/servers',
        '/v0/servers/{serverName}/versions/{version}',
        '/v0.1/servers/_changes/index.json',
      ]),
    );
  });
});
