/**
 * A strict JSON parser. `JSON.parse` keeps the last of duplicate keys, so a reviewer could read one
 * `name` while the registry sees another; this parser refuses duplicates, caps nesting, and reports
 * every failure with the offset of the offending token. With `positions`, it also records where each
 * value starts, keyed by JSONPath, so problems found later can be given a line and column.
 */
import { childPath } from './json-path.ts';

export type JsonErrorRule = 'json-syntax' | 'json-duplicate-key' | 'json-too-deep';

export interface JsonError {
  rule: JsonErrorRule;
  message: string;
  /** UTF-16 offset into the text. */
  offset: number;
  jsonPath: string;
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: JsonError };

export const DEFAULT_MAX_DEPTH = 32;

class Fail extends Error {
  readonly error: JsonError;
  constructor(error: JsonError) {
    super(error.message);
    this.error = error;
  }
}

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

class Parser {
  private i = 0;
  private readonly text: string;
  private readonly maxDepth: number;
  private readonly positions: Map<string, number> | null;

  constructor(text: string, maxDepth: number, positions: Map<string, number> | null) {
    this.text = text;
    this.maxDepth = maxDepth;
    this.positions = positions;
  }

  parseDocument(): unknown {
    this.ws();
    const value = this.value('$', 0);
    this.ws();
    if (this.i < this.text.length)
      this.fail('json-syntax', `Unexpected ${this.describe(this.i)} after the end of the JSON value.`, this.i, '$');
    return value;
  }

  private fail(rule: JsonErrorRule, message: string, offset: number, jsonPath: string): never {
    throw new Fail({ rule, message, offset, jsonPath });
  }

  private describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const c = this.text[at]!;
    return c.charCodeAt(0) < 0x20
      ? `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`
      : `character ${JSON.stringify(c)}`;
  }

  private ws(): void {
    const t = this.text;
    let i = this.i;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c < 128 && WS[c] === 1) i++;
      else break;
    }
    this.i = i;
  }

  private value(path: string, depth: number): unknown {
    if (this.positions) this.positions.set(path, this.i);
    const c = this.text.charCodeAt(this.i);
    switch (c) {
      case 0x7b: // {
        return this.object(path, depth + 1);
      case 0x5b: // [
        return this.array(path, depth + 1);
      case 0x22: // "
        return this.string(path);
      case 0x74: // t
        return this.literal('true', true, path);
      case 0x66: // f
        return this.literal('false', false, path);
      case 0x6e: // n
        return this.literal('null', null, path);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(path);
        return this.fail('json-syntax', `Expected a JSON value but found ${this.describe(this.i)}.`, this.i, path);
    }
  }

  private literal(word: string, value: unknown, path: string): unknown {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    return this.fail(
      'json-syntax',
      `Expected a JSON value but found ${this.describe(this.i)} (only true, false and null are literals).`,
      this.i,
      path,
    );
  }

  private number(path: string): number {
    const t = this.text;
    const start = this.i;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const digitsFrom = i;
    if (t.charCodeAt(i) === 0x30) i++;
    else while (isDigit(t.charCodeAt(i))) i++;
    if (i === digitsFrom) this.fail('json-syntax', 'A number needs digits after the minus sign.', i, path);
    if (isDigit(t.charCodeAt(i))) this.fail('json-syntax', 'Numbers may not have leading zeros.', digitsFrom, path);
    if (t.charCodeAt(i) === 0x2e) {
      i++;
      const f = i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === f) this.fail('json-syntax', 'A decimal point must be followed by digits.', i, path);
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const s = t.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      const f = i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === f) this.fail('json-syntax', 'An exponent must have digits.', i, path);
    }
    this.i = i;
    return Number(t.slice(start, i));
  }

  private string(path: string): string {
    const t = this.text;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= t.length) this.fail('json-syntax', 'Unterminated string: add the closing quote.', start, path);
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20)
        this.fail(
          'json-syntax',
          `Strings may not contain a raw control character (U+${c.toString(16).padStart(4, '0').toUpperCase()}); escape it.`,
          i,
          path,
        );
      i++;
    }
    this.i = i + 1;
    if (!escaped) return t.slice(start + 1, i);
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      return this.fail(
        'json-syntax',
        'Invalid escape sequence in string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX).',
        start,
        path,
      );
    }
  }

  private object(path: string, depth: number): Record<string, unknown> {
    if (depth > this.maxDepth)
      this.fail('json-too-deep', `Nesting deeper than ${this.maxDepth} levels; flatten the document.`, this.i, path);
    const obj: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.text.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return obj;
    }
    for (;;) {
      if (this.text.charCodeAt(this.i) !== 0x22)
        this.fail(
          'json-syntax',
          `Expected a property name in double quotes but found ${this.describe(this.i)}.`,
          this.i,
          path,
        );
      const keyAt = this.i;
      const key = this.string(path);
      const valuePath = this.positions ? childPath(path, key) : '';
      if (Object.hasOwn(obj, key)) {
        this.fail(
          'json-duplicate-key',
          `Duplicate key ${JSON.stringify(key)}: each key may appear once, or a reader and the parser could see different values. Remove one.`,
          keyAt,
          childPath(path, key),
        );
      }
      this.ws();
      if (this.text.charCodeAt(this.i) !== 0x3a)
        this.fail(
          'json-syntax',
          `Expected ":" after property name ${JSON.stringify(key)} but found ${this.describe(this.i)}.`,
          this.i,
          path,
        );
      this.i++;
      this.ws();
      const v = this.value(valuePath, depth);
      if (key === '__proto__')
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      else obj[key] = v;
      this.ws();
      const c = this.text.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        this.ws();
        if (this.text.charCodeAt(this.i) === 0x7d)
          this.fail('json-syntax', 'Trailing comma before "}": remove it.', this.i - 1, path);
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return obj;
      }
      this.fail('json-syntax', `Expected "," or "}" but found ${this.describe(this.i)}.`, this.i, path);
    }
  }

  private array(path: string, depth: number): unknown[] {
    if (depth > this.maxDepth)
      this.fail('json-too-deep', `Nesting deeper than ${this.maxDepth} levels; flatten the document.`, this.i, path);
    const arr: unknown[] = [];
    this.i++;
    this.ws();
    if (this.text.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return arr;
    }
    for (;;) {
      arr.push(this.value(this.positions ? `${path}[${arr.length}]` : '', depth));
      this.ws();
      const c = this.text.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        this.ws();
        if (this.text.charCodeAt(this.i) === 0x5d)
          this.fail('json-syntax', 'Trailing comma before "]": remove it.', this.i - 1, path);
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return arr;
      }
      this.fail('json-syntax', `Expected "," or "]" but found ${this.describe(this.i)}.`, this.i, path);
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function parseStrict(text: string, maxDepth = DEFAULT_MAX_DEPTH): ParseResult {
  try {
    return { ok: true, value: new Parser(text, maxDepth, null).parseDocument() };
  } catch (e) {
    // The fast pass builds no paths; parse again with paths to say where the failure is.
    if (e instanceof Fail) return { ok: false, error: failureWithPath(text, maxDepth) ?? e.error };
    if (e instanceof RangeError) {
      // Call-stack exhaustion cannot happen below maxDepth, but a huge maxDepth could hit it.
      return {
        ok: false,
        error: { rule: 'json-too-deep', message: 'Nesting is too deep to read.', offset: 0, jsonPath: '$' },
      };
    }
    throw e;
  }
}

function failureWithPath(text: string, maxDepth: number): JsonError | undefined {
  try {
    new Parser(text, maxDepth, new Map()).parseDocument();
  } catch (e) {
    if (e instanceof Fail) return e.error;
  }
  return undefined;
}

/** Start offset of every value, keyed by JSONPath; undefined when the text does not parse. */
export function valuePositions(text: string, maxDepth = DEFAULT_MAX_DEPTH): Map<string, number> | undefined {
  const positions = new Map<string, number>();
  try {
    new Parser(text, maxDepth, positions).parseDocument();
    return positions;
  } catch {
    return undefined;
  }
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Where a JSONPath points in the text; a path to something absent (a missing property) falls back
 * to its nearest existing ancestor, which is where the fix goes.
 */
export function locate(
  text: string,
  jsonPath: string,
  positions = valuePositions(text),
): { line: number; column: number } | undefined {
  if (!positions) return undefined;
  let path = jsonPath;
  for (;;) {
    const at = positions.get(path);
    if (at !== undefined) return lineColumn(text, at);
    const parent = parentPath(path);
    if (parent === undefined) return undefined;
    path = parent;
  }
}

function parentPath(path: string): string | undefined {
  if (path === '$' || path === '') return undefined;
  if (path.endsWith(']')) {
    // Either [n] or ["key"]: find the matching opening bracket from the right.
    const open = path.endsWith('"]') ? path.lastIndexOf('["') : path.lastIndexOf('[');
    return open > 0 ? path.slice(0, open) : '$';
  }
  const dot = path.lastIndexOf('.');
  return dot > 0 ? path.slice(0, dot) : '$';
}
