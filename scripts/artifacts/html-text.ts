/**
 * The text a reader sees in an HTML fragment (a README as crates.io renders it), for the `mcp-name:` marker. Pure.
 *
 * - Comments (`<!-- … -->`, also closed by `--!>`, `<!-->` and `<!--->`; an unclosed one runs to the end), doctypes,
 *   processing instructions and other bogus comments are dropped: they are never shown.
 * - Tags are dropped with their attributes, read as an HTML parser reads them (a quoted value may hold `>`), so a
 *   marker in an attribute (`alt`, `title`, `href`) never counts.
 * - The content of elements that are not rendered as text (script, style, template, …) is dropped.
 * - Block-level tags and `<br>` become a line break, so two paragraphs never run together; inline tags vanish, so
 *   `weather<em>-evil</em>` reads as `weather-evil`, as a reader sees it.
 * - Character references are decoded: numeric ones, and the named ones that can spell a marker (`&amp;`, `&colon;`,
 *   `&sol;`, …). Any other named reference stays as written (the marker then does not match: fail closed).
 * Styling is not evaluated (crates.io's sanitizer removes `style` attributes).
 */

const WHITESPACE = /[\t\n\f\r ]/;
const ALPHA = /[A-Za-z]/;

/** Elements whose content is not shown as text; skipped up to their end tag. */
const UNRENDERED = new Set([
  'script',
  'style',
  'template',
  'textarea',
  'title',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'xmp',
]);

/** Elements that start a new line of text (their start and end tags become `\n`). */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Named references that can spell part of a marker; the rest stay literal. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  sol: '/',
  period: '.',
  lowbar: '_',
};

export function htmlText(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += decodeReferences(html.slice(i));
      break;
    }
    out += decodeReferences(html.slice(i, lt));
    const markup = readMarkup(html, lt);
    if (markup === undefined) {
      // A `<` that starts no markup is text.
      out += '<';
      i = lt + 1;
      continue;
    }
    // An unterminated tag (the text ends inside it) shows nothing.
    if (markup.tag && BLOCK.has(markup.tag) && html[markup.end - 1] === '>') out += '\n';
    i = markup.end;
    if (markup.tag && !markup.closing && UNRENDERED.has(markup.tag)) i = endOfElement(html, i, markup.tag);
  }
  return out;
}

interface Markup {
  /** Index just past the markup. */
  end: number;
  /** Lower-cased tag name (absent for comments and bogus comments). */
  tag?: string;
  closing?: boolean;
}

/** The markup starting at `html[at] === '<'`, or undefined when that `<` is plain text. */
function readMarkup(html: string, at: number): Markup | undefined {
  const next = html[at + 1];
  if (html.startsWith('<!--', at)) return { end: commentEnd(html, at + 4) };
  if (next === '!' || next === '?') return { end: bogusEnd(html, at + 2) };
  if (next === '/') {
    const first = html[at + 2];
    if (first === '>') return { end: at + 3 };
    if (first === undefined) return undefined;
    if (!ALPHA.test(first)) return { end: bogusEnd(html, at + 2) };
    const { name, end } = tagFrom(html, at + 2);
    return { end, tag: name, closing: true };
  }
  if (next === undefined || !ALPHA.test(next)) return undefined;
  const { name, end } = tagFrom(html, at + 1);
  return { end, tag: name };
}

/** After `<!--`: the index past the comment's close, or the end of the text for an unclosed comment. */
function commentEnd(html: string, from: number): number {
  if (html.startsWith('>', from)) return from + 1;
  if (html.startsWith('->', from)) return from + 2;
  const candidates = [html.indexOf('-->', from), html.indexOf('--!>', from)].filter((k) => k !== -1);
  if (candidates.length === 0) return html.length;
  const k = Math.min(...candidates);
  return html.startsWith('-->', k) ? k + 3 : k + 4;
}

function bogusEnd(html: string, from: number): number {
  const k = html.indexOf('>', from);
  return k === -1 ? html.length : k + 1;
}

/**
 * A tag's name and its end, following the HTML tokenizer's attribute states: quotes open a value only right after
 * `=`, and only a quoted value may hold `>`. An unterminated tag runs to the end of the text (and shows nothing).
 */
function tagFrom(html: string, from: number): { name: string; end: number } {
  let j = from;
  while (j < html.length && !WHITESPACE.test(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
  const name = html.slice(from, j).toLowerCase();
  type State = 'before' | 'name' | 'afterName' | 'beforeValue' | 'dq' | 'sq' | 'afterQuoted' | 'unquoted';
  let state: State = 'before';
  for (; j < html.length; j++) {
    const c = html[j]!;
    const space = WHITESPACE.test(c);
    switch (state) {
      case 'dq':
        if (c === '"') state = 'afterQuoted';
        continue;
      case 'sq':
        if (c === "'") state = 'afterQuoted';
        continue;
      case 'beforeValue':
        if (space) continue;
        if (c === '>') return { name, end: j + 1 };
        state = c === '"' ? 'dq' : c === "'" ? 'sq' : 'unquoted';
        continue;
      case 'unquoted':
        if (c === '>') return { name, end: j + 1 };
        if (space) state = 'before';
        continue;
      case 'name':
      case 'afterName':
        if (c === '>') return { name, end: j + 1 };
        if (c === '=') state = 'beforeValue';
        else if (c === '/') state = 'before';
        else if (space) state = 'afterName';
        else state = 'name';
        continue;
      default:
        // 'before' and 'afterQuoted': a new attribute name starts at anything but whitespace, `/` and `>`.
        if (c === '>') return { name, end: j + 1 };
        if (!space && c !== '/') state = 'name';
        else state = 'before';
    }
  }
  return { name, end: html.length };
}

/** Past the end tag of an element whose content is not rendered (its content is text up to `</tag`). */
function endOfElement(html: string, from: number, tag: string): number {
  // `tag` is one of UNRENDERED's names: plain letters, safe in a pattern.
  const close = new RegExp(`</${tag}(?=[\\t\\n\\f\\r />]|$)`, 'gi');
  close.lastIndex = from;
  const m = close.exec(html);
  return m ? tagFrom(html, m.index + 2).end : html.length;
}

function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g,
    (whole, dec, hex, name) => {
      if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name]! : whole;
      const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    },
  );
}
