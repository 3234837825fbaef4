/**
 * Our own OpenAPI document for the static API, served at /v0.1/openapi.json. The official
 * components are copied from the vendored official document at build time, never retyped.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { API_FORMAT } from './plan.ts';
import { PREFIXES, endpoints, paths } from '../core/url-layout.ts';

export const OFFICIAL_OPENAPI = fileURLToPath(new URL('../../schemas/openapi/official-openapi.yaml', import.meta.url));

let cached: Record<string, unknown> | undefined;
/** The official OpenAPI document (vendored), parsed. */
export function officialOpenApi(): Record<string, unknown> {
  cached ??= parse(readFileSync(OFFICIAL_OPENAPI, 'utf8')) as Record<string, unknown>;
  return cached;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const notFound = { description: 'No such file (an HTML page, as every static 404).' };
const pathParam = (name: string, description: string, example: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
  example,
});

export function openApiDocument(options: {
  title: string;
  baseUrl: string;
  pageSizes: number[];
  metaKey: string;
  prefixes?: readonly string[];
}): string {
  const official = officialOpenApi() as { components: { schemas: Record<string, unknown> } };
  const serverName = pathParam(
    'serverName',
    'Server name: URL-encoded (`com.example%2Fweather`) or as two path segments (`com.example/weather`); both are served.',
    'com.example%2Fweather',
  );
  const version = pathParam(
    'version',
    'A version (URL-encoded or not: `1.0.0%2Bbuild.5` and `1.0.0+build.5` are both served), or `latest`.',
    '1.0.0',
  );
  const officialPaths: Record<string, unknown> = {};
  const hidden =
    'As the official default `include_deleted=false`: deleted versions are left out, and a server whose every version is deleted answers 404 (its tombstones are in the feed, the snapshot and the `all` pages).';
  for (const p of options.prefixes ?? PREFIXES) {
    officialPaths[`/${endpoints.list(p)}`] = {
      get: {
        summary: "Every server's latest non-deleted version.",
        description:
          'On GitHub Pages this answers through a 301 to `servers/` (body in `servers/index.html`); `servers.json` is the same body with a JSON content type. ' +
          'Static hosts ignore the query string: the whole list, never a nextCursor. On a host that reads `_redirects` (Netlify), `limit`, `cursor`, `version=latest` and `updated_since` map to the prebuilt pages (`PageList`; any other `limit` gets pages of the first prebuilt size, another `version` is a 404, `search` and `include_deleted` are ignored).',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: `Rewrite hosts only: pages of this size when prebuilt (${options.pageSizes.join(', ')}), else of ${options.pageSizes[0]}.`,
            schema: { type: 'integer' },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: 'Rewrite hosts only: the `nextCursor` of the previous page (a page number).',
            schema: { type: 'string' },
          },
          {
            name: 'version',
            in: 'query',
            required: false,
            description: 'Rewrite hosts only: `latest` (the default listing); any other value is a 404.',
            schema: { type: 'string' },
          },
          {
            name: 'updated_since',
            in: 'query',
            required: false,
            description:
              'Rewrite hosts only: every version, deleted ones included (a superset of the changes since then; use the feed for exact changes).',
            schema: { type: 'string', format: 'date-time' },
          },
        ],
        responses: {
          '200': json(
            ref('ServerList'),
            'Without a query: all latest versions, metadata.count is the total, there is never a nextCursor. With a query on a rewrite host: a PageList.',
          ),
          '404': notFound,
        },
      },
    };
    officialPaths[`/${endpoints.versions(p, '{serverName}')}`] = {
      get: {
        summary: 'Every non-deleted version of one server, newest publish first.',
        description: hidden,
        parameters: [serverName],
        responses: { '200': json(ref('ServerList'), 'All live versions'), '404': notFound },
      },
    };
    officialPaths[`/${endpoints.version(p, '{serverName}', '{version}')}`] = {
      get: {
        summary: 'One version, or `latest`. A `.json` suffix gives the same body with a JSON content type.',
        description: `${hidden} \`latest\` is the version carrying \`isLatest\`, which is never a deleted one while the server has another.`,
        parameters: [serverName, version],
        responses: { '200': json(ref('ServerResponse'), 'One record'), '404': notFound },
      },
    };
  }
  const doc = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: `${options.title}: static read API`,
      version: API_FORMAT,
      description:
        'The official MCP registry read API served as static files, plus listings, an updated_since feed, a snapshot and a build manifest of our own. ' +
        `Registry-managed data is in _meta["io.modelcontextprotocol.registry/official"]; ours is in _meta["${options.metaKey}"]. See docs/api.md.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.baseUrl.replace(/\/+$/, '') }],
    paths: {
      ...officialPaths,
      [`/${paths.page('{list}', '{size}', '{page}')}`]: {
        get: {
          summary:
            'Paginated listing: `latest` (one per server, deleted excluded) or `all` (every version, deleted included: tombstones, for mirrors), ordered by name then version.',
          parameters: [
            { name: 'list', in: 'path', required: true, schema: { enum: ['latest', 'all'] } },
            { name: 'size', in: 'path', required: true, schema: { enum: options.pageSizes } },
            { name: 'page', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          ],
          responses: {
            '200': json(ref('PageList'), 'One page; metadata.nextPage is the next page relative to this one'),
            '404': notFound,
          },
        },
      },
      [`/${paths.changesIndex()}`]: {
        get: {
          summary: 'The updated_since feed index.',
          responses: { '200': json(ref('ChangesIndex'), 'Buckets by UTC day of updatedAt') },
        },
      },
      [`/${paths.changesDay('{day}')}`]: {
        get: {
          summary:
            'Every record whose updatedAt falls on this UTC day, deletions included, ordered by updatedAt; metadata.latest names the isLatest version of every server it holds a record of.',
          parameters: [{ name: 'day', in: 'path', required: true, schema: { type: 'string', format: 'date' } }],
          responses: { '200': json(ref('ChangesBucket'), 'Changed records'), '404': notFound },
        },
      },
      [`/${paths.snapshot('{hash}')}`]: {
        get: {
          summary: 'Every record (content-addressed; name it from the manifest or the feed index).',
          parameters: [{ name: 'hash', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json(ref('ServerList'), 'All records') },
        },
      },
      [`/${paths.toolhive()}`]: {
        get: {
          summary:
            "Every server's latest version (deleted excluded) in ToolHive's upstream registry format: {$schema, version, meta.last_updated, data.servers[server.json]}.",
          responses: {
            '200': json({ type: 'object', required: ['version', 'meta', 'data'] }, 'The ToolHive registry file'),
          },
        },
      },
      [`/${paths.manifest()}`]: {
        get: {
          summary: 'The build manifest.',
          responses: { '200': json(ref('BuildManifest'), 'Build id, source commit, counts, asset names') },
        },
      },
    },
    components: {
      schemas: {
        ...official.components.schemas,
        PageList: {
          allOf: [ref('ServerList')],
          properties: {
            metadata: {
              type: 'object',
              properties: {
                nextCursor: {
                  type: 'string',
                  description:
                    'The next page number, for rewrite hosts (`?cursor=`). Never present on the official list paths.',
                },
                count: { type: 'integer' },
                page: { type: 'integer' },
                pages: { type: 'integer' },
                total: { type: 'integer' },
                nextPage: { type: 'string', description: 'URL of the next page, relative to this page.' },
              },
            },
          },
        },
        ChangesBucket: {
          allOf: [ref('ServerList')],
          properties: {
            metadata: {
              type: 'object',
              required: ['count', 'day', 'buildId', 'latest'],
              properties: {
                count: { type: 'integer' },
                day: { type: 'string', format: 'date' },
                buildId: { type: 'string' },
                latest: {
                  type: 'object',
                  additionalProperties: { type: 'string' },
                  description:
                    'Server name → the version that carries isLatest now (a deleted one when every version is deleted), for every server with a record in this bucket: a change to one version can move isLatest on another without changing its updatedAt.',
                },
              },
            },
          },
        },
        ChangesIndex: {
          type: 'object',
          required: ['format', 'buildId', 'generatedAt', 'count', 'snapshot', 'days'],
          properties: {
            format: { type: 'string' },
            buildId: { type: 'string' },
            sourceCommit: { type: 'string' },
            generatedAt: { type: 'string', format: 'date-time' },
            count: { type: 'integer' },
            latestUpdatedAt: {
              type: 'string',
              format: 'date-time',
              description: "The newest updatedAt of any record: a mirror's next `since` (docs/api.md).",
            },
            snapshot: { type: 'string', description: 'The snapshot, relative to this index.' },
            days: {
              type: 'array',
              items: {
                type: 'object',
                required: ['day', 'path', 'count', 'first', 'last'],
                properties: {
                  day: { type: 'string', format: 'date' },
                  path: { type: 'string' },
                  count: { type: 'integer' },
                  first: { type: 'string', format: 'date-time' },
                  last: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        BuildManifest: {
          type: 'object',
          required: ['format', 'buildId', 'generatedAt', 'counts', 'assets'],
          properties: {
            format: { type: 'string' },
            buildId: { type: 'string' },
            sourceCommit: { type: 'string' },
            generatedAt: {
              type: 'string',
              format: 'date-time',
              description: "The source commit's committer time (raised to a change beneath it, if dated earlier).",
            },
            prefixes: { type: 'array', items: { type: 'string' }, description: 'The official prefixes served.' },
            baseUrl: { type: 'string' },
            pageSizes: { type: 'array', items: { type: 'integer' } },
            counts: { type: 'object', additionalProperties: { type: 'integer' } },
            assets: {
              type: 'object',
              additionalProperties: { type: 'string' },
              description: 'Site-root-relative paths of large or content-hashed assets.',
            },
          },
        },
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
