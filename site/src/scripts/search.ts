// Instant search in the browser. The index (content-hashed file named by the page) is fetched on first interaction
// and loaded with the same MiniSearch options it was built with (scripts/site/search-options.ts).
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { MINISEARCH_OPTIONS } from '../../../scripts/site/search-options.ts';
import type { SearchDoc } from '../../../scripts/site/search-options.ts';

type Hit = SearchResult & Pick<SearchDoc, 'name' | 'title' | 'description' | 'status' | 'types' | 'kinds' | 'version'>;

const PAGE = 50;

interface State {
  q: string;
  types: string[];
  kinds: string[];
  ns: string;
  status: string;
}

export interface SearchEngine {
  search(state: State): Hit[];
  docs: number;
}

let engine: Promise<SearchEngine> | undefined;

/** Fetch and load the index once; exposed on window for the benchmark. */
export function loadEngine(url: string): Promise<SearchEngine> {
  engine ??= (async () => {
    const [{ default: MS }, res] = await Promise.all([import('minisearch'), fetch(url)]);
    if (!res.ok) throw new Error(`search index ${url}: HTTP ${res.status}`);
    const ms: MiniSearch<SearchDoc> = MS.loadJSON<SearchDoc>(await res.text(), MINISEARCH_OPTIONS);
    const statusOk = (status: string, want: string): boolean =>
      want === 'all' ? true : want === 'deprecated' ? status === 'deprecated' : status === 'active';
    return {
      docs: ms.documentCount,
      search(state: State): Hit[] {
        const prefix = state.ns ? `${state.ns}/` : '';
        const filter = (r: SearchResult): boolean =>
          statusOk(r.status, state.status) && (!prefix || (r.name as string).startsWith(prefix));
        const q = state.q.trim();
        return (q ? ms.search(q, { filter }) : ms.search(MS.wildcard, { filter })) as Hit[];
      },
    };
  })();
  return engine;
}

function readState(form: HTMLFormElement): State {
  const f = new FormData(form);
  const q = (document.getElementById('q') as HTMLInputElement).value;
  return {
    q,
    types: f.getAll('type').map(String),
    kinds: f.getAll('kind').map(String),
    ns: String(f.get('ns') ?? '').trim(),
    status: String(f.get('status') ?? ''),
  };
}

function toQuery(s: State): string {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const t of s.types) p.append('type', t);
  for (const k of s.kinds) p.append('kind', k);
  if (s.ns) p.set('ns', s.ns);
  if (s.status) p.set('status', s.status);
  const text = p.toString();
  return text ? `?${text}` : location.pathname;
}

function applyQuery(form: HTMLFormElement, params: URLSearchParams): boolean {
  (document.getElementById('q') as HTMLInputElement).value = params.get('q') ?? '';
  const types = params.getAll('type');
  const kinds = params.getAll('kind');
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name=type]'))
    box.checked = types.includes(box.value);
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name=kind]'))
    box.checked = kinds.includes(box.value);
  (document.getElementById('ns') as HTMLInputElement).value = params.get('ns') ?? '';
  (document.getElementById('status') as HTMLSelectElement).value = params.get('status') ?? '';
  return ['q', 'type', 'kind', 'ns', 'status'].some((k) => params.has(k));
}

/** Text with the matched terms wrapped in <mark>, built from DOM nodes (never innerHTML of data). */
function highlight(text: string, terms: string[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  if (terms.length === 0 || !text) {
    frag.append(text);
    return frag;
  }
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})`, 'giu');
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    const mark = document.createElement('mark');
    mark.textContent = m[0];
    frag.append(mark);
    last = m.index + m[0].length;
  }
  frag.append(text.slice(last));
  return frag;
}

function item(hit: Hit, base: string, terms: string[]): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.className = 'title';
  a.href = `${base}server/${hit.name}/`;
  a.append(highlight(hit.title || hit.name.slice(hit.name.indexOf('/') + 1), terms));
  li.append(a);
  if (hit.status !== 'active') {
    const badge = document.createElement('span');
    badge.className = `badge ${hit.status}`;
    badge.textContent = hit.status;
    li.append(' ', badge);
  }
  const name = document.createElement('div');
  name.className = 'name';
  name.append(highlight(hit.name, terms), ` · v${hit.version}`);
  const p = document.createElement('p');
  p.append(highlight(hit.description, terms));
  const tags = document.createElement('div');
  for (const t of [...hit.types, ...(hit.kinds.includes('remote') ? ['remote'] : [])]) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = t;
    tags.append(tag);
  }
  li.append(name, p, tags);
  return li;
}

export function start(): void {
  const root = document.getElementById('search');
  const form = document.getElementById('search-form') as HTMLFormElement | null;
  if (!root || !form) return;
  const indexUrl = root.dataset.index!;
  const base = root.dataset.base!;
  const input = document.getElementById('q') as HTMLInputElement;
  const list = document.getElementById('results') as HTMLOListElement;
  const summary = document.getElementById('summary')!;
  const more = document.getElementById('more') as HTMLButtonElement;
  const pager = document.getElementById('pager');
  const filters = document.querySelector('aside[aria-label="Filters"]')!;
  let shown = PAGE;
  let last: { hits: Hit[]; terms: string[] } = { hits: [], terms: [] };
  let seq = 0;

  const render = (): void => {
    list.replaceChildren(...last.hits.slice(0, shown).map((h) => item(h, base, last.terms)));
    more.hidden = last.hits.length <= shown;
  };

  const run = async (push: boolean): Promise<void> => {
    const mine = ++seq;
    const state = readState(form);
    if (push) history.replaceState(null, '', toQuery(state));
    let e: SearchEngine;
    try {
      e = await loadEngine(indexUrl);
    } catch (err) {
      summary.textContent = `Search is unavailable: ${(err as Error).message}`;
      return;
    }
    if (mine !== seq) return;
    const base = e.search(state);
    // Facet counts: over the query, namespace and status, before the type/kind filters.
    const count = (pred: (h: Hit) => boolean): number => base.reduce((n, h) => (pred(h) ? n + 1 : n), 0);
    for (const el of root.querySelectorAll<HTMLElement>('[data-facet]')) {
      const [facet, value] = el.dataset.facet!.split(':') as [string, string];
      el.textContent = `(${count((h) => (facet === 'type' ? h.types.includes(value) : h.kinds.includes(value)))})`;
    }
    const hits = base.filter(
      (h) =>
        (state.types.length === 0 || h.types.some((t) => state.types.includes(t))) &&
        (state.kinds.length === 0 || h.kinds.some((k) => state.kinds.includes(k))),
    );
    const terms = [...new Set(hits.slice(0, 200).flatMap((h) => h.terms))];
    last = { hits, terms };
    shown = PAGE;
    if (pager) pager.hidden = true;
    summary.textContent = `${hits.length} ${hits.length === 1 ? 'server' : 'servers'}${state.q.trim() ? ` for “${state.q.trim()}”` : ''}${hits.length > PAGE ? `, showing the first ${Math.min(shown, hits.length)}` : ''}`;
    render();
    root.dataset.ready = 'true';
    fillNamespaces(e);
  };

  let nsFilled = false;
  const fillNamespaces = (e: SearchEngine): void => {
    if (nsFilled) return;
    nsFilled = true;
    const names = new Set(
      e.search({ q: '', types: [], kinds: [], ns: '', status: 'all' }).map((h) => h.name.slice(0, h.name.indexOf('/'))),
    );
    const dl = document.getElementById('ns-list')!;
    dl.replaceChildren(...[...names].sort().map((n) => Object.assign(document.createElement('option'), { value: n })));
  };

  // Lazy: nothing is fetched until someone interacts (or arrives with a search in the URL).
  const warm = (): void => void loadEngine(indexUrl).catch(() => undefined);
  input.addEventListener('focus', warm, { once: true });
  filters.addEventListener('focusin', warm, { once: true });
  input.addEventListener('input', () => void run(true));
  form.addEventListener('change', (ev) => {
    if (ev.target !== input) void run(true);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(true);
  });
  document.getElementById('clear')!.addEventListener('click', () => {
    applyQuery(form, new URLSearchParams({ q: input.value }));
    void run(true);
  });
  more.addEventListener('click', () => {
    shown += PAGE;
    render();
    (list.children[shown - PAGE] as HTMLElement | undefined)?.querySelector('a')?.focus();
  });
  // Keyboard: "/" focuses the search box, arrow keys move between the box and the results.
  document.addEventListener('keydown', (ev) => {
    const target = ev.target as HTMLElement;
    if (ev.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) {
      ev.preventDefault();
      input.focus();
      return;
    }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('li > a.title')];
    const at = links.indexOf(target as HTMLAnchorElement);
    if (target === input && ev.key === 'ArrowDown' && links[0]) {
      ev.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      ev.preventDefault();
      const next = ev.key === 'ArrowDown' ? links[at + 1] : at === 0 ? input : links[at - 1];
      next?.focus();
    }
  });
  window.addEventListener('popstate', () => {
    if (applyQuery(form, new URLSearchParams(location.search))) void run(false);
  });
  if (applyQuery(form, new URLSearchParams(location.search))) void run(false);
  (window as unknown as { __registrySearch: unknown }).__registrySearch = { load: () => loadEngine(indexUrl) };
}
