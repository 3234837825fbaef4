/**
 * Seeded fuzzing of validateDocument: thousands of structural and byte-level mutations of the 16
 * official examples and the 4 seed documents. The validator must never throw, must return
 * well-formed problems, and must agree with JSON.parse on what is JSON at all.
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<seed> FUZZ_ITERATIONS=<n> npx vitest run tests/validate/fuzz.test.ts
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateDocument } from '../../scripts/validate/document.ts';
import { parseConfig } from '../../scripts/config/config.ts';
import { RULES } from '../../scripts/core/rule-ids.ts';
import type { Problem } from '../../scripts/core/problem.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2025) >>> 0;
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 10_000);
const MAX_BYTES = 256 * 1024;
const config = parseConfig({});
const enc = new TextEncoder();

/** The 16 official examples (vendored from the spec) and the 4 seed documents of servers/. */
function corpus(): Array<{ name: string; text: string }> {
  const dir = join(ROOT, 'tests/fixtures/reference/server-json-examples');
  const out = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `example ${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const seeds = [
    'servers/io.github.domdomegg/airtable-mcp-server/1.7.2/server.json',
    'servers/io.github.domdomegg/airtable-mcp-server/1.7.3/server.json',
    'servers/io.github.domdomegg/time-mcp-nuget/1.0.8/server.json',
    'servers/io.github.domdomegg/time-mcp-pypi/1.0.6/server.json',
  ];
  for (const s of seeds) out.push({ name: `seed ${s}`, text: readFileSync(join(ROOT, s), 'utf8') });
  return out;
}
const BASES = corpus();

// ------------------------------------------------------------------ deterministic randomness

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ------------------------------------------------------------------ random values

/** Strings that poke at specific rules. */
const NASTY = [
  '',
  ' ',
  'latest',
  '^1.2.3',
  '~1',
  '>=1',
  '1 - 2',
  '1 || 2',
  '1.x',
  '*',
  'X',
  '..',
  '../..',
  '.hidden',
  '/',
  '\\',
  'http://localhost/mcp',
  'https://127.0.0.1/x',
  'https://foo.localhost/',
  'https://[::1]/',
  'https://mcp.example.com/{tenant}',
  'http://localhost:{--port}/mcp',
  '{',
  '}',
  '{}',
  '{a}{b}',
  'https://',
  'https://github.com/a/b',
  'https://gitlab.com/a/b/c',
  'docker.io/a/b:1',
  `ghcr.io/x/y@sha256:${'a'.repeat(64)}`,
  'https://github.com/a/b/releases/download/v1/x-mcp.mcpb',
  'a'.repeat(64),
  'A'.repeat(64),
  'io.github.x/y',
  'io.github.x/y/z',
  '--port',
  '--port=1',
  '<x>',
  '$HOME',
  'a b',
  '\u0000',
  '\u0007',
  '\n',
  '\t',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀'.repeat(60),
  'é'.repeat(150),
  'ǅ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'io.modelcontextprotocol.registry/publisher-provided',
  'io.modelcontextprotocol.registry/official',
  'https://static.modelcontextprotocol.io/schemas/2025-07-09/server.schema.json',
  'https://static.modelcontextprotocol.io/schemas/2099-01-01/server.schema.json',
  'npm',
  'pypi',
  'nuget',
  'oci',
  'mcpb',
  'cargo',
  'stdio',
  'sse',
  'streamable-http',
  'positional',
  'named',
  'image/png',
  'image/gif',
  '48x48',
  'any',
  '48',
  'light',
  'blue',
];
const KEYS = [
  'name',
  'version',
  'description',
  'title',
  '$schema',
  'websiteUrl',
  'repository',
  'packages',
  'remotes',
  'icons',
  '_meta',
  'url',
  'source',
  'subfolder',
  'id',
  'registryType',
  'registryBaseUrl',
  'identifier',
  'fileSha256',
  'transport',
  'type',
  'runtimeArguments',
  'packageArguments',
  'environmentVariables',
  'headers',
  'variables',
  'value',
  'default',
  'valueHint',
  'isRequired',
  'isSecret',
  'format',
  'choices',
  'src',
  'mimeType',
  'sizes',
  'theme',
  '__proto__',
  'constructor',
  '',
  ' ',
  'io.modelcontextprotocol.registry/publisher-provided',
  'com.example/x',
  'a"b',
  'ключ',
  '😀',
];

function randomString(r: Rand): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(NASTY);
    case 1: {
      const n = r.int(40);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(32 + r.int(95));
      return s;
    }
    case 2: {
      // any UTF-16 unit, lone surrogates and controls included
      const n = r.int(20);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0x10000));
      return s;
    }
    case 3:
      return r.pick(NASTY) + r.pick(NASTY);
    case 4:
      return 'x'.repeat(r.pick([99, 100, 101, 199, 200, 201, 254, 255, 256, 500, 501, 4096, 5000]));
    default:
      return r.chance(0.03) ? 'y'.repeat(r.pick([100_000, 262_144, 300_000])) : r.pick(KEYS);
  }
}

function randomNumber(r: Rand): number {
  return r.pick([
    0,
    -0,
    1,
    -1,
    42,
    1.5,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    r.next() * 1e6,
    -r.int(1000),
  ]);
}

function randomValue(r: Rand, depth = 0): unknown {
  const k = r.int(depth > 3 ? 5 : 8);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return randomNumber(r);
    case 3:
    case 4:
      return randomString(r);
    case 5: {
      const n = r.int(4);
      return Array.from({ length: n }, () => randomValue(r, depth + 1));
    }
    case 6: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) setOwn(o, r.pick(KEYS), randomValue(r, depth + 1));
      return o;
    }
    default:
      return deepValue(r, 1 + r.int(70));
  }
}

/** Nested arrays/objects around the 32-level cap. */
function deepValue(r: Rand, depth: number): unknown {
  let v: unknown = r.chance(0.5) ? 1 : 'leaf';
  for (let i = 0; i < depth; i++) v = r.chance(0.5) ? [v] : { d: v };
  return v;
}

/** Assign as an own property even for `__proto__`, so JSON.stringify writes it. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

// ------------------------------------------------------------------ mutations

type Container = Record<string, unknown> | unknown[];

/** Every container in the value, with the path to it (for the log). */
function containers(
  v: unknown,
  path = '$',
  out: Array<{ c: Container; path: string }> = [],
): Array<{ c: Container; path: string }> {
  if (Array.isArray(v)) {
    out.push({ c: v, path });
    for (const [i, x] of v.entries()) containers(x, `${path}[${i}]`, out);
  } else if (v !== null && typeof v === 'object') {
    out.push({ c: v as Record<string, unknown>, path });
    for (const [k, x] of Object.entries(v)) containers(x, `${path}.${k}`, out);
  }
  return out;
}

function structural(r: Rand, doc: unknown, log: string[]): unknown {
  const all = containers(doc);
  if (all.length === 0 || r.chance(0.02)) {
    log.push('replace root');
    return randomValue(r);
  }
  const { c, path } = r.pick(all);
  const op = r.int(6);
  if (Array.isArray(c)) {
    const i = r.int(c.length + 1);
    if (op === 0 && c.length > 0) {
      c.splice(i % c.length, 1);
      log.push(`delete ${path}[${i % c.length}]`);
    } else if (op === 1 && c.length > 0) {
      c.push(structuredClone(c[r.int(c.length)]));
      log.push(`duplicate an item of ${path}`);
    } else if (op === 2 && c.length > 0) {
      c[r.int(c.length)] = randomValue(r);
      log.push(`replace an item of ${path}`);
    } else {
      c.splice(i, 0, randomValue(r));
      log.push(`insert into ${path}[${i}]`);
    }
    return doc;
  }
  const keys = Object.keys(c);
  const key = keys.length > 0 ? r.pick(keys) : r.pick(KEYS);
  if (op === 0 && keys.length > 0) {
    delete c[key];
    log.push(`delete ${path}.${key}`);
  } else if (op === 1 && keys.length > 0) {
    const v = c[key];
    delete c[key];
    setOwn(c, r.pick(KEYS), v);
    log.push(`rename ${path}.${key}`);
  } else if (op === 2) {
    setOwn(c, r.pick(KEYS), randomValue(r));
    log.push(`insert into ${path}`);
  } else if (op === 3) {
    setOwn(c, key, randomString(r));
    log.push(`string at ${path}.${key}`);
  } else if (op === 4) {
    setOwn(c, key, deepValue(r, 1 + r.int(60)));
    log.push(`deep value at ${path}.${key}`);
  } else {
    setOwn(c, key, randomValue(r));
    log.push(`replace ${path}.${key}`);
  }
  return doc;
}

const INVALID_UTF8 = [
  [0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xc3, 0x28],
  [0xef, 0xbb, 0xbf],
  [0x00],
  [0xfe, 0xff],
];

function bytewise(r: Rand, bytes: Uint8Array, log: string[]): Uint8Array {
  const b = Array.from(bytes);
  const at = r.int(b.length + 1);
  switch (r.int(9)) {
    case 0:
      log.push(`truncate at ${at}`);
      return Uint8Array.from(b.slice(0, at));
    case 1: {
      const n = 1 + r.int(5);
      for (let i = 0; i < n && b.length > 0; i++) {
        const j = r.int(b.length);
        b[j] = b[j]! ^ (1 << r.int(8));
      }
      log.push(`flip ${n} bits`);
      break;
    }
    case 2:
      b.unshift(0xef, 0xbb, 0xbf);
      log.push('BOM at start');
      break;
    case 3: {
      const seq = r.pick(INVALID_UTF8);
      b.splice(at, 0, ...seq);
      log.push(`insert ${seq.map((x) => x.toString(16)).join(' ')} at ${at}`);
      break;
    }
    case 4: {
      const len = r.int(60);
      b.splice(at, 0, ...b.slice(at, at + len));
      log.push(`duplicate ${len} bytes at ${at}`);
      break;
    }
    case 5: {
      const len = 1 + r.int(30);
      b.splice(at, len);
      log.push(`delete ${len} bytes at ${at}`);
      break;
    }
    case 6: {
      const ch = r.pick('{}[],:"\\ \n\t0-e.'.split(''));
      b.splice(at, 0, ch.charCodeAt(0));
      log.push(`insert ${JSON.stringify(ch)} at ${at}`);
      break;
    }
    case 7: {
      const s = enc.encode(r.pick(['\u2028', 'é', '😀', '\ud800', 'NaN', '//x\n', '/*', "'"]));
      b.splice(at, 0, ...s);
      log.push(`insert text at ${at}`);
      break;
    }
    default:
      b.splice(at, 0, 0x00);
      log.push(`NUL at ${at}`);
  }
  return Uint8Array.from(b);
}

/** One mutated input: a base, 1–3 structural and/or byte mutations. */
function mutate(r: Rand): { bytes: Uint8Array; log: string[] } {
  const base = r.pick(BASES);
  const log = [base.name];
  let value: unknown = JSON.parse(base.text);
  const structuralSteps = r.chance(0.7) ? 1 + r.int(3) : 0;
  for (let i = 0; i < structuralSteps; i++) value = structural(r, value, log);
  const indent = r.pick([undefined, 2, '\t', 1]);
  let bytes: Uint8Array =
    structuralSteps > 0 ? enc.encode(JSON.stringify(value, null, indent) ?? 'null') : enc.encode(base.text);
  const byteSteps = structuralSteps === 0 ? 1 + r.int(3) : r.chance(0.25) ? 1 : 0;
  for (let i = 0; i < byteSteps; i++) bytes = bytewise(r, bytes, log);
  return { bytes, log };
}

// ------------------------------------------------------------------ properties

const RULE_IDS = new Set(Object.keys(RULES));
const BYTE_RULES = new Set(
  Object.entries(RULES)
    .filter(([, r]) => r.layer === 'bytes')
    .map(([id]) => id),
);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Why the result is wrong, or undefined. */
function violation(
  bytes: Uint8Array,
  file: string,
  run: () => ReturnType<typeof validateDocument>,
): string | undefined {
  let result: ReturnType<typeof validateDocument>;
  try {
    result = run();
  } catch (e) {
    return `threw ${(e as Error)?.stack ?? String(e)}`;
  }
  if (!result || !Array.isArray(result.problems)) return 'problems is not an array';
  const lines = bytes.reduce((n, c) => n + (c === 0x0a ? 1 : 0), 1);
  for (const p of result.problems as Problem[]) {
    if (!RULE_IDS.has(p.rule)) return `unknown rule ${String(p.rule)}`;
    if (RULES[p.rule].layer === 'tree' || RULES[p.rule].layer === 'change') return `${p.rule} is not a document rule`;
    if (p.severity !== 'error' && p.severity !== 'warning') return `bad severity ${String(p.severity)}`;
    if (p.file !== file) return `file ${p.file}`;
    if (typeof p.jsonPath !== 'string' || (p.jsonPath !== '' && !p.jsonPath.startsWith('$')))
      return `bad jsonPath ${String(p.jsonPath)}`;
    for (const k of ['line', 'column'] as const) {
      const v = p[k];
      if (v !== undefined && !(Number.isInteger(v) && v > 0)) return `bad ${k} ${String(v)} for ${p.rule}`;
    }
    if ((p.line === undefined) !== (p.column === undefined)) return `${p.rule}: line without column or the reverse`;
    if (p.line !== undefined && p.line > lines)
      return `${p.rule}: line ${p.line} beyond the ${lines} lines of the file`;
    if (typeof p.message !== 'string' || p.message.trim() === '') return `${p.rule}: empty message`;
  }
  const byteErrors = result.problems.filter((p) => BYTE_RULES.has(p.rule));
  if (byteErrors.length > 0 && result.document !== undefined)
    return 'a document was returned despite byte-level errors';
  if (result.document === undefined && !result.problems.some((p) => p.severity === 'error'))
    return 'no document and no error';

  // Differential oracle: JSON.parse decides what is JSON. What it refuses must be refused at
  // layer 1; a well-formed small UTF-8 object it accepts must not be called a syntax error.
  let text: string | undefined;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = undefined;
  }
  let parsed: { ok: boolean; value?: unknown } = { ok: false };
  if (text !== undefined) {
    try {
      parsed = { ok: true, value: JSON.parse(text) };
    } catch {
      parsed = { ok: false };
    }
  }
  if (!parsed.ok && byteErrors.length === 0)
    return 'JSON.parse refuses these bytes but no byte-level error was reported';
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (
    parsed.ok &&
    !bom &&
    bytes.length <= MAX_BYTES &&
    result.problems.some((p) => p.rule === 'json-syntax' || p.rule === 'file-encoding')
  ) {
    return 'JSON.parse accepts these bytes but the validator reported a syntax or encoding error';
  }
  if (parsed.ok && result.document !== undefined && JSON.stringify(result.document) !== JSON.stringify(parsed.value)) {
    return 'the returned document differs from what JSON.parse reads';
  }
  return undefined;
}

describe('fuzzing validateDocument', () => {
  it('the 16 official examples and the 4 seed documents are valid (the fuzz starts from valid input)', () => {
    expect(BASES.length).toBe(20);
    for (const b of BASES) {
      const errors = validateDocument(enc.encode(b.text), b.name, config).problems.filter(
        (p) => p.severity === 'error',
      );
      expect(errors, b.name).toEqual([]);
    }
  });

  it(`${ITERATIONS} seeded mutations never throw and return well-formed problems (seed ${SEED})`, () => {
    expect(ITERATIONS).toBeGreaterThanOrEqual(5000);
    const failures: string[] = [];
    const kinds = { structural: 0, bytes: 0, layer1: 0, clean: 0 };
    for (let i = 0; i < ITERATIONS && failures.length < 5; i++) {
      const seed = (SEED + Math.imul(i, 0x9e3779b1)) >>> 0;
      const { bytes, log } = mutate(new Rand(seed));
      const file = `fuzz/${i}.json`;
      let result: ReturnType<typeof validateDocument> | undefined;
      const why = violation(bytes, file, () => (result = validateDocument(bytes, file, config)));
      // The same bytes give the same answer.
      if (
        !why &&
        i % 10 === 0 &&
        JSON.stringify(validateDocument(bytes, file, config).problems) !== JSON.stringify(result!.problems)
      ) {
        failures.push(`iteration ${i} (seed ${seed}): not deterministic`);
      }
      if (why) {
        const sample = bytes.length <= 2048 ? Buffer.from(bytes).toString('base64') : `${bytes.length} bytes`;
        failures.push(
          `iteration ${i} (FUZZ_SEED=${SEED}, input seed ${seed}): ${why}\n  mutations: ${log.join(' → ')}\n  input (base64): ${sample}`,
        );
      }
      if (
        log.length > 1 &&
        /^(truncate|flip|BOM|insert [0-9a-f]|duplicate \d|delete \d|insert "|insert text|NUL)/.test(log.at(-1)!)
      )
        kinds.bytes++;
      else kinds.structural++;
      if (result?.problems.some((p) => BYTE_RULES.has(p.rule))) kinds.layer1++;
      if (result && result.problems.length === 0) kinds.clean++;
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The mutations reach every layer: some inputs die in layer 1, some pass, most land in between.
    expect(kinds.layer1).toBeGreaterThan(ITERATIONS / 20);
    expect(kinds.clean).toBeGreaterThan(0);
  });
});
