import { describe, it, expect } from 'vitest';
import { base, checkBytes, expectClean, expectRaw } from './helpers.ts';

const enc = new TextEncoder();
const valid = `${JSON.stringify(base(), null, 2)}\n`;
const cat = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** A valid document padded with spaces to exactly `size` bytes. */
const padded = (size: number) => enc.encode(`${valid.slice(0, -1) + ' '.repeat(size - valid.length)}\n`);
/** `depth` nested arrays inside a valid document (root object = level 1, "x" array = level 2). */
const nested = (depth: number) =>
  valid.replace(/\n}\n$/, `,\n  "x": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\n}\n`);

describe('byte-level rules', () => {
  it('file-too-large: 262,144 bytes pass', () => {
    expect(padded(262_144).length).toBe(262_144);
    expectClean(checkBytes(padded(262_144)), 'file-too-large');
  });
  it('file-too-large: 262,145 bytes fail', () => {
    const problems = checkBytes(padded(262_145));
    expectRaw(problems, 'file-too-large', { jsonPath: '' });
  });

  it('file-bom: a document without BOM passes', () => {
    expectClean(checkBytes(valid), 'file-bom');
  });
  it('file-bom: a UTF-8 BOM fails at 1:1', () => {
    expectRaw(checkBytes(cat([0xef, 0xbb, 0xbf], valid)), 'file-bom', { line: 1, column: 1 });
  });

  it('file-encoding: non-ASCII UTF-8 passes', () => {
    expectClean(checkBytes(valid.replace('A rule-test fixture.', 'Café ☕ 😀')), 'file-encoding');
  });
  it('file-encoding: an invalid byte fails where it is', () => {
    const text = valid.replace('"A rule-test fixture."', '"caf\u0001"');
    const [before, after] = text.split('\u0001') as [string, string];
    const line = before.split('\n').length;
    const column = before.split('\n').at(-1)!.length + 1;
    expectRaw(checkBytes(cat(before, [0xe9], after)), 'file-encoding', { line, column });
  });

  it('json-syntax: valid JSON passes', () => {
    expectClean(checkBytes(valid), 'json-syntax');
  });
  it('json-syntax: a trailing comma fails at the comma', () => {
    expectRaw(checkBytes('{\n  "name": "a/b",}\n'), 'json-syntax', { line: 2, column: 16 });
  });
  it('json-syntax: a raw control character in a string fails where it is', () => {
    expectRaw(checkBytes('{\n  "description": "a\tb"\n}\n'), 'json-syntax', { line: 2, column: 20 });
  });

  it('json-duplicate-key: distinct keys pass', () => {
    expectClean(checkBytes(valid), 'json-duplicate-key');
  });
  it('json-duplicate-key: a second "name" fails at the second key', () => {
    const text = valid.replace(/\n}\n$/, ',\n  "name": "io.github.attacker/fixture"\n}\n');
    const line = text.split('\n').findIndex((l) => l.includes('attacker')) + 1;
    expectRaw(checkBytes(text), 'json-duplicate-key', { line, column: 3, jsonPath: '$.name' });
  });

  it('json-too-deep: 32 levels pass', () => {
    expectClean(checkBytes(nested(32)), 'json-too-deep');
  });
  it('json-too-deep: 33 levels fail at the 33rd opening bracket', () => {
    const text = nested(33);
    const line = text.split('\n').findIndex((l) => l.includes('"x"')) + 1;
    // `  "x": ` is 7 characters; level 2 opens at column 8, level 33 at column 8 + 31.
    expectRaw(checkBytes(text), 'json-too-deep', { line, column: 8 + 31 });
  });

  it('json-not-object: an object passes', () => {
    expectClean(checkBytes(valid), 'json-not-object');
  });
  it('json-not-object: an array fails at 1:1', () => {
    expectRaw(checkBytes(`[${valid}]`), 'json-not-object', { line: 1, column: 1, jsonPath: '$' });
  });
});
