import { describe, expect, it } from 'vitest';
import { parseStrict, locate, lineColumn, valuePositions } from '../../scripts/core/json/strict-json.ts';

describe('parseStrict', () => {
  it('parses what JSON.parse parses, identically', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{"c":{}},"d":[]}';
    const r = parseStrict(text);
    expect(r).toEqual({ ok: true, value: JSON.parse(text) });
  });
  it('refuses duplicate keys at the second occurrence', () => {
    const text = '{\n  "name": "a/b",\n  "name": "evil/b"\n}';
    const r = parseStrict(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.rule).toBe('json-duplicate-key');
    expect(r.error.jsonPath).toBe('$.name');
    expect(lineColumn(text, r.error.offset)).toEqual({ line: 3, column: 3 });
  });
  it('finds duplicates in nested objects but allows the same key in siblings', () => {
    expect(parseStrict('[{"a":1},{"a":2}]').ok).toBe(true);
    const r = parseStrict('{"p":[{"x":1,"x":2}]}');
    expect(!r.ok && r.error.jsonPath).toBe('$.p[0].x');
  });
  it('keeps __proto__ as a plain own key', () => {
    const r = parseStrict('{"__proto__":{"polluted":true}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.hasOwn(r.value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('caps nesting depth', () => {
    expect(parseStrict('['.repeat(32) + ']'.repeat(32)).ok).toBe(true);
    const r = parseStrict('['.repeat(33) + ']'.repeat(33));
    expect(!r.ok && r.error.rule).toBe('json-too-deep');
  });
  it.each([
    ['{"a":1,}', 'Trailing comma'],
    ['{"a" 1}', 'Expected ":"'],
    ['{a:1}', 'property name'],
    ['[01]', 'leading zeros'],
    ['"abc', 'Unterminated'],
    ['{"a":"\t"}', 'control character'],
    ['{} x', 'after the end'],
    ['{"a":"\\x"}', 'Invalid escape'],
    ['', 'end of file'],
    ['NaN', 'Expected a JSON value'],
  ])('reports syntax error in %j', (text, words) => {
    const r = parseStrict(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.rule).toBe('json-syntax');
    expect(r.error.message).toContain(words);
  });
});

describe('locate', () => {
  const text = '{\n  "packages": [\n    {"version": "1"},\n    {"id": "x"}\n  ]\n}';
  it('gives line and column of a value', () => {
    expect(locate(text, '$.packages[0].version')).toEqual({ line: 3, column: 17 });
  });
  it('falls back to the nearest ancestor of a missing value', () => {
    expect(locate(text, '$.packages[1].version')).toEqual({ line: 4, column: 5 });
  });
  it('records bracketed keys', () => {
    const positions = valuePositions('{"a b":{"c":1}}');
    expect(positions?.get('$["a b"].c')).toBe(12);
  });
});
