/**
 * A readable diff of a new version against the server's previous version (pure). Both sides are re-serialised with
 * two-space indentation first, so formatting noise does not hide what changed; then a line LCS with 3 lines of
 * context. Large inputs get a summary instead of a quadratic table.
 */

const MAX_LINES = 3000;
const CONTEXT = 3;

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Unified-style diff body (without file headers); '' when both sides are equal. */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES)
    return `(documents too long to diff: ${a.length} and ${b.length} lines)`;
  // LCS lengths from the end, so the walk below goes forwards.
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++]! });
      j++;
    }
    // Removals first, as diff tools print them.
    else if (i < n && (j >= m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) ops.push({ op: '-', line: a[i++]! });
    else ops.push({ op: '+', line: b[j++]! });
  }
  if (!ops.some((o) => o.op !== ' ')) return '';
  // Keep changed lines and CONTEXT lines around them; mark skipped stretches.
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, k) => {
    if (o.op !== ' ')
      for (let d = Math.max(0, k - CONTEXT); d <= Math.min(ops.length - 1, k + CONTEXT); d++) keep[d] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (keep[k]) {
      out.push(`${o.op} ${o.line}`);
      skipped = false;
    } else if (!skipped) {
      out.push('@@ … @@');
      skipped = true;
    }
  });
  return out.join('\n');
}
