/**
 * The vendored official server.json schemas, chosen by a document's `$schema` URL, each compiled
 * once on first use. Published schemas carry `example`/`discriminator` keywords, so Ajv runs
 * non-strict; formats come from ajv-formats.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const CURRENT_SCHEMA_DATE = '2025-12-11';
const SCHEMA_URL = /^https:\/\/static\.modelcontextprotocol\.io\/schemas\/(\d{4}-\d{2}-\d{2})\/server\.schema\.json$/;

export function schemaUrl(date: string): string {
  return `https://static.modelcontextprotocol.io/schemas/${date}/server.schema.json`;
}
export const CURRENT_SCHEMA_URL = schemaUrl(CURRENT_SCHEMA_DATE);

/** Dates of the published schemas we vendor (the unpublished `draft` is not accepted). */
export const PUBLISHED_SCHEMA_DATES: readonly string[] = readdirSync(join(SCHEMAS_DIR, 'official'))
  .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
  .filter((d) => {
    try {
      readFileSync(join(SCHEMAS_DIR, 'official', d, 'server.schema.json'));
      return true;
    } catch {
      return false;
    }
  })
  .sort();

export type SchemaChoice =
  | { kind: 'ok'; date: string; current: boolean }
  | { kind: 'missing' }
  | { kind: 'unknown'; url: string };

export function chooseSchema(url: unknown): SchemaChoice {
  if (url === undefined) return { kind: 'missing' };
  if (typeof url !== 'string') return { kind: 'unknown', url: String(url) };
  const m = SCHEMA_URL.exec(url);
  if (!m || !PUBLISHED_SCHEMA_DATES.includes(m[1]!)) return { kind: 'unknown', url };
  return { kind: 'ok', date: m[1]!, current: m[1] === CURRENT_SCHEMA_DATE };
}

let draft07: Ajv | undefined;
let draft2020: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function ajv07(): Ajv {
  if (!draft07) {
    draft07 = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(draft07);
  }
  return draft07;
}

function ajv2020(): Ajv2020 {
  if (!draft2020) {
    draft2020 = new Ajv2020({ strict: true, allErrors: true });
    addFormats(draft2020 as unknown as Ajv);
  }
  return draft2020;
}

/** The compiled validator for an official schema date. */
export function serverValidator(date: string): ValidateFunction {
  const key = `server:${date}`;
  let fn = compiled.get(key);
  if (!fn) {
    const schema = JSON.parse(
      readFileSync(join(SCHEMAS_DIR, 'official', date, 'server.schema.json'), 'utf8'),
    ) as object;
    fn = ajv07().compile(schema);
    compiled.set(key, fn);
  }
  return fn;
}

/** Our own schemas (draft 2020-12): `status`, `owners` and `upstream-sync` (servers/_upstream.json). */
export function ownValidator(name: 'status' | 'owners' | 'upstream-sync'): ValidateFunction {
  const key = `own:${name}`;
  let fn = compiled.get(key);
  if (!fn) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, `${name}.schema.json`), 'utf8')) as object;
    fn = ajv2020().compile(schema);
    compiled.set(key, fn);
  }
  return fn;
}
