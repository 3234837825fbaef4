/**
 * Every PR-supplied string (names, descriptions, file paths, logins, messages quoting them) is escaped before it goes
 * into a comment, a check run or a job summary: no @mention pings, no HTML, no code spans, no links, no table breaks,
 * and a length cap. Code blocks get a fence longer than any backtick run inside them.
 */

const ZWSP = '\u200b';

/** One pass, so an entity's own `&` and `#` are never escaped twice. */
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '`': '&#96;',
  '@': `@${ZWSP}`, // @user and @org/team no longer mention
  '#': '&#35;', // no issue or PR references
};

/** Escape for inline Markdown (tables included) and cap the length. */
export function md(value: unknown, max = 300): string {
  let s = typeof value === 'string' ? value : String(value);
  s = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  s = s.replace(/[&<>"`@#\\*_~|[\]()!{}]/g, (c) => ENTITY[c] ?? `\\${c}`);
  return s.replace(/:\/\//g, `:${ZWSP}//`).replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`); // no autolinks
}

/** A fenced code block whose fence no content can close; lines and size capped. */
export function codeBlock(text: string, lang = '', maxChars = 20_000): string {
  let body = text.length > maxChars ? `${text.slice(0, maxChars)}\n… (cut at ${maxChars} characters)` : text;
  body = body.replace(/\r/g, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Plain text for check-run annotations (rendered as text by GitHub): only control characters and length. */
export function plain(value: unknown, max = 1000): string {
  let s = String(value).replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s;
}
