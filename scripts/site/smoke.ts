/**
 * Post-deploy smoke check: `node scripts/site/smoke.ts <site-url> [--tries N] [--wait-ms N]`.
 * Fetches the live official paths — the list (`/v0.1/servers`, through the Pages 301), a server's
 * `versions/latest` and `versions` by its URL-encoded name, the same under `/v0` when the build manifest lists it —
 * plus the home page and the search index named by the build manifest, and fails loudly if any is missing or not JSON.
 * Node built-ins only (the deploy workflow runs it without `npm ci`). Retries while the CDN catches up.
 */

export interface Check {
  url: string;
  ok: boolean;
  detail: string;
}

async function getJson(url: string): Promise<{ status: number; body?: unknown; error?: string }> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', headers: { 'cache-control': 'no-cache' } });
  } catch (e) {
    return { status: 0, error: (e as Error).message };
  }
  const text = await res.text();
  if (!res.ok) return { status: res.status, error: `HTTP ${res.status}` };
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, error: `not JSON (starts with ${JSON.stringify(text.slice(0, 40))})` };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: live answers are checked field by field below
type Json = Record<string, any>;

/** One pass over the live paths. */
export async function smoke(siteUrl: string): Promise<Check[]> {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const checks: Check[] = [];
  const add = (url: string, ok: boolean, detail: string): void => void checks.push({ url, ok, detail });

  // The build manifest says which official prefixes this registry serves (/v0 can be turned off).
  const manifestUrl = `${base}v0.1/_build.json`;
  const m = await getJson(manifestUrl);
  const served = (m.body as Json | undefined)?.prefixes;
  const prefixes: string[] = Array.isArray(served) && served.length > 0 ? served : ['v0.1', 'v0'];

  const lists: Json[] = [];
  for (const prefix of prefixes) {
    const url = `${base}${prefix}/servers`;
    const r = await getJson(url);
    const body = r.body as Json | undefined;
    const ok =
      !!body &&
      Array.isArray(body.servers) &&
      typeof body.metadata?.count === 'number' &&
      body.metadata.nextCursor === undefined;
    add(
      url,
      ok,
      r.error ?? (ok ? `${body!.servers.length} servers` : 'not a ServerList with metadata.count and no nextCursor'),
    );
    if (ok) lists.push(body!);
  }
  const first = lists[0]?.servers?.[0]?.server as Json | undefined;
  if (!first) {
    add(`${base}v0.1/servers`, false, 'the list has no server to follow');
  } else {
    const enc = encodeURIComponent(first.name);
    for (const prefix of prefixes) {
      const latest = `${base}${prefix}/servers/${enc}/versions/latest`;
      const r1 = await getJson(latest);
      const b1 = r1.body as Json | undefined;
      const ok1 =
        b1?.server?.name === first.name && b1?._meta?.['io.modelcontextprotocol.registry/official']?.isLatest === true;
      add(
        latest,
        ok1,
        r1.error ?? (ok1 ? `${first.name} ${b1!.server.version}` : 'not the latest ServerResponse of that name'),
      );
      const versions = `${base}${prefix}/servers/${enc}/versions`;
      const r2 = await getJson(versions);
      const b2 = r2.body as Json | undefined;
      const ok2 =
        Array.isArray(b2?.servers) &&
        b2!.servers.length > 0 &&
        b2!.servers.every((s: Json) => s.server?.name === first.name);
      add(versions, ok2, r2.error ?? (ok2 ? `${b2!.servers.length} versions` : 'not a ServerList of that name'));
    }
  }

  // The site: home page, and the search index the build manifest names (a stale pairing would 404 here).
  try {
    const res = await fetch(base);
    add(base, res.ok && (res.headers.get('content-type') ?? '').includes('text/html'), `HTTP ${res.status}`);
  } catch (e) {
    add(base, false, (e as Error).message);
  }
  const index = (m.body as Json | undefined)?.assets?.['site.searchIndex'];
  if (typeof index === 'string') {
    const r = await getJson(`${base}${index}`);
    add(`${base}${index}`, !!r.body, r.error ?? 'search index');
  } else {
    add(manifestUrl, false, m.error ?? 'the build manifest names no site.searchIndex');
  }
  return checks;
}

export async function main(argv: string[]): Promise<number> {
  const url = argv.find((a) => !a.startsWith('--'));
  const opt = (name: string, dflt: number): number => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  if (!url) {
    console.error('usage: node scripts/site/smoke.ts <site-url> [--tries N] [--wait-ms N]');
    return 2;
  }
  const tries = opt('--tries', 10);
  const wait = opt('--wait-ms', 15_000);
  let checks: Check[] = [];
  for (let attempt = 1; attempt <= tries; attempt++) {
    checks = await smoke(url);
    if (checks.every((c) => c.ok)) break;
    if (attempt < tries) {
      console.error(
        `attempt ${attempt}: ${checks.filter((c) => !c.ok).length} check(s) failing, retrying in ${wait / 1000}s`,
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  for (const c of checks) {
    if (c.ok) console.log(`ok    ${c.url}  ${c.detail}`);
    // A GitHub annotation, so the failure shows on the run's summary page.
    else console.log(`::error title=Smoke check failed::${c.url}: ${c.detail}`);
  }
  return checks.every((c) => c.ok) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
