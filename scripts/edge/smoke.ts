/**
 * A client walk as VS Code's MCP gallery makes it (microsoft/vscode src/vs/platform/mcp/common/mcpGalleryService.ts),
 * against a deployed or local edge API: `node scripts/edge/smoke.ts <api-url> [--search TEXT]`.
 *   1. probe `v0.1/servers?limit=1`;
 *   2. list `v0.1/servers?limit=50&version=latest`, scrolling by `&cursor=<nextCursor>` (put in as is) to the end;
 *   3. search `…&search=<encodeURIComponent(text)>` (first page);
 *   4. open a server by `servers/<encodeURIComponent(name)>/versions/latest`, then its `versions` and one version.
 * Checks on the way: no server listed twice, `count` equals the page, every search hit contains the text in its
 * name or description, the opened server is the listed one, CORS on every answer. Node built-ins only (the
 * deploy workflow runs it without `npm ci`).
 */

export interface WalkResult {
  requests: number;
  pages: number;
  /** Names in list order, as the gallery showed them. */
  names: string[];
  search: { text: string; names: string[] };
  opened?: string;
}

interface Page {
  servers: Array<{ server: { name: string; version: string; description?: string }; _meta?: Record<string, unknown> }>;
  metadata: { count: number; nextCursor?: string };
}

export async function walk(apiUrl: string, searchText?: string): Promise<WalkResult> {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  const gallery = `${base}v0.1/servers`;
  let requests = 0;
  const get = async <T>(url: string): Promise<T> => {
    requests++;
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (res.headers.get('access-control-allow-origin') !== '*') throw new Error(`${url}: no CORS header`);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as T;
  };
  const check = (page: Page, url: string) => {
    if (!Array.isArray(page.servers) || page.metadata?.count !== page.servers.length)
      throw new Error(`${url}: metadata.count does not match the page`);
  };

  const probe = await get<Page>(`${gallery}?limit=1`);
  check(probe, 'probe');
  if (probe.servers.length > 1) throw new Error('probe: limit=1 answered more than one server');

  const names: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const url = `${gallery}?limit=50&version=latest${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await get<Page>(url);
    check(page, url);
    pages++;
    names.push(...page.servers.map((s) => s.server.name));
    cursor = page.metadata.nextCursor;
    if (pages > 100_000) throw new Error('the list never ends');
  } while (cursor);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new Error(`listed twice: ${repeated.slice(0, 5).join(', ')}`);

  const text = searchText ?? names[0]?.split('/')[1]?.slice(0, 4) ?? 'mcp';
  const searchUrl = `${gallery}?limit=50&version=latest&search=${encodeURIComponent(text)}`;
  const found = await get<Page>(searchUrl);
  check(found, searchUrl);
  const needle = text.toLowerCase();
  for (const s of found.servers) {
    const hay = `${s.server.name}\n${s.server.description ?? ''}`.toLowerCase();
    if (!hay.includes(needle)) throw new Error(`search "${text}" returned ${s.server.name}, which does not contain it`);
  }

  let opened: string | undefined;
  const first = names[0];
  if (first) {
    const latest = await get<Page['servers'][number]>(`${gallery}/${encodeURIComponent(first)}/versions/latest`);
    if (latest.server.name !== first) throw new Error(`versions/latest of ${first} answered ${latest.server.name}`);
    const versions = await get<Page>(`${gallery}/${encodeURIComponent(first)}/versions`);
    check(versions, `${first} versions`);
    const one = versions.servers[versions.servers.length - 1]!.server.version;
    const version = await get<Page['servers'][number]>(
      `${gallery}/${encodeURIComponent(first)}/versions/${encodeURIComponent(one)}`,
    );
    if (version.server.version !== one)
      throw new Error(`versions/${one} of ${first} answered ${version.server.version}`);
    opened = first;
  }
  return {
    requests,
    pages,
    names,
    search: { text, names: found.servers.map((s) => s.server.name) },
    ...(opened ? { opened } : {}),
  };
}

async function cli(argv: string[]): Promise<number> {
  const url = argv.find((a) => !a.startsWith('--'));
  const at = argv.indexOf('--search');
  if (!url) {
    process.stderr.write('Usage: node scripts/edge/smoke.ts <api-url> [--search TEXT]\n');
    return 2;
  }
  try {
    const r = await walk(url, at >= 0 ? argv[at + 1] : undefined);
    process.stdout.write(
      `ok: ${r.names.length} servers in ${r.pages} page(s), search "${r.search.text}" → ${r.search.names.length}, opened ${r.opened ?? '-'} (${r.requests} requests)\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`smoke check failed: ${(e as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await cli(process.argv.slice(2));
