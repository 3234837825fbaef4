import { describe, expect, test } from 'vitest';
import { codeBlock, md } from '../../scripts/core/markdown.ts';
import { lineDiff } from '../../scripts/gate/diff.ts';
import { pathPolicyProblems, touchedNamespaces } from '../../scripts/gate/paths.ts';

describe('escaping PR-supplied strings', () => {
  test('mentions, HTML, code spans, links, references and table pipes are neutralised', () => {
    const out = md('@octocat <script>x</script> `rm -rf` [click](https://evil.example) #12 a|b www.evil.example');
    expect(out).not.toMatch(/@octocat/);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('`');
    expect(out).not.toContain('](');
    expect(out).not.toContain('https://');
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).toContain('&#35;12');
    expect(out).toContain('&lt;script&gt;');
  });

  test('an entity is escaped once, newlines cannot start new Markdown blocks, and length is capped', () => {
    expect(md('`')).toBe('&#96;');
    expect(md('a\n# heading')).not.toContain('\n');
    expect(md('x'.repeat(1000), 50)).toHaveLength(50);
  });

  test('a code block fence is longer than any backtick run inside', () => {
    const block = codeBlock('a ```` b');
    expect(block.startsWith('`````\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });
});

describe('diff against the previous version', () => {
  test('removals before additions, with context and skipped stretches', () => {
    const before = [
      '{',
      '  "a": 1,',
      '  "b": 2,',
      '  "c": 3,',
      '  "d": 4,',
      '  "e": 5,',
      '  "f": 6,',
      '  "g": 7,',
      '  "v": "1.0.0"',
      '}',
    ].join('\n');
    const after = before.replace('"1.0.0"', '"1.1.0"');
    expect(lineDiff(before, after)).toBe(
      ['@@ … @@', '    "e": 5,', '    "f": 6,', '    "g": 7,', '-   "v": "1.0.0"', '+   "v": "1.1.0"', '  }'].join(
        '\n',
      ),
    );
    expect(lineDiff(before, before)).toBe('');
  });
});

describe('path policy', () => {
  test('only paths outside servers/ are path-policy problems; namespaces come from paths', () => {
    const files = [
      { path: 'servers/io.github.a/x/1.0.0/server.json', status: 'added' as const },
      { path: 'servers/com.example/owners.json', status: 'modified' as const },
      { path: 'scripts/gate/evaluate.ts', status: 'modified' as const },
      { path: 'servers', status: 'added' as const },
    ];
    expect(pathPolicyProblems(files).map((p) => p.file)).toEqual(['scripts/gate/evaluate.ts', 'servers']);
    expect(touchedNamespaces(files)).toEqual(['com.example', 'io.github.a']);
  });
});
