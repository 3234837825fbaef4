/**
 * A Netlify-like host over a built dist/: the rules are matched by Netlify's own redirect engine
 * (`netlify-redirector`, the WebAssembly build `netlify dev` uses), and the host's part around it is
 * played as netlify-cli plays it (src/utils/proxy.ts): a rule that is not forced (`200`, not `200!`) is
 * skipped when a file answers at the request path (shadowing); a rewrite serves its target's file, or 404.
 *
 * Two variables the engine leaves to the host:
 *   - `shadowing`: `pretty` counts `path.html` and `path/index.html` as the file at `path` (netlify dev, and
 *     Netlify with pretty URLs: `servers/index.html` shadows every rule on `/v0.1/servers`); `exact` counts only
 *     a file at exactly that path;
 *   - `decoding`: `decode` matches and looks up the percent-decoded path (netlify dev: `%2F` becomes `/`),
 *     `literal` keeps `%2F` as sent.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type Shadowing = 'exact' | 'pretty';
export type Decoding = 'decode' | 'literal';
export const HOST_MODES: Array<{ shadowing: Shadowing; decoding: Decoding }> = [
  { shadowing: 'pretty', decoding: 'decode' },
  { shadowing: 'pretty', decoding: 'literal' },
  { shadowing: 'exact', decoding: 'decode' },
  { shadowing: 'exact', decoding: 'literal' },
];

interface Match {
  to: string;
  status: number;
  force: boolean;
  force404?: boolean;
}
interface Matcher {
  match(request: {
    scheme: string;
    host: string;
    path: string;
    query: string;
    getHeader: (name: string) => string;
    getCookie: (name: string) => string;
  }): Match | null;
}
const redirector = createRequire(import.meta.url)('netlify-redirector') as {
  parsePlain(rules: string, options: object): Promise<Matcher>;
};

/** Parse a `_redirects` text with Netlify's engine. */
export function parseRules(rules: string): Promise<Matcher> {
  return redirector.parsePlain(rules, {});
}

export interface HostResponse {
  status: number;
  /** The dist/-relative file served, if any. */
  file?: string;
  /** Which rule applied: its target, or undefined when the request was served as is. */
  rewrittenTo?: string;
}

export class NetlifyHost {
  readonly dir: string;
  readonly shadowing: Shadowing;
  readonly decoding: Decoding;
  private readonly matcher: Matcher;

  private constructor(dir: string, matcher: Matcher, shadowing: Shadowing, decoding: Decoding) {
    this.dir = dir;
    this.matcher = matcher;
    this.shadowing = shadowing;
    this.decoding = decoding;
  }

  /** A host serving `dir` with its `_redirects` (or the rules given). */
  static async open(
    dir: string,
    mode: { shadowing: Shadowing; decoding: Decoding },
    rules = readFileSync(join(dir, '_redirects'), 'utf8'),
  ): Promise<NetlifyHost> {
    const matcher = await parseRules(rules);
    return new NetlifyHost(dir, matcher, mode.shadowing, mode.decoding);
  }

  /** Answer a request for a site-root-relative URL such as `/v0.1/servers?limit=1`. */
  get(url: string): HostResponse {
    const u = new URL(url, 'https://registry.example.org');
    const path = this.decoding === 'decode' ? decodeURIComponent(u.pathname) : u.pathname;
    const match = this.matcher.match({
      scheme: 'https',
      host: u.hostname,
      path,
      query: u.search.slice(1),
      getHeader: () => '',
      getCookie: () => '',
    });
    const here = this.fileAt(path);
    if (!match || (!match.force && here !== undefined)) {
      return here === undefined ? { status: 404 } : { status: 200, file: here };
    }
    if (match.force404 || match.status === 404) return { status: 404, rewrittenTo: match.to };
    if (match.status !== 200) throw new Error(`unexpected rule status ${match.status} for ${url}`);
    const target = new URL(match.to, u).pathname;
    const file = this.fileAt(this.decoding === 'decode' ? decodeURIComponent(target) : target);
    return file === undefined ? { status: 404, rewrittenTo: match.to } : { status: 200, file, rewrittenTo: match.to };
  }

  /** The body of a 200 answer, parsed; throws on anything else. */
  json<T = unknown>(url: string): T {
    const r = this.get(url);
    if (r.status !== 200 || r.file === undefined) throw Object.assign(new Error(`${r.status} for ${url}`), r);
    return JSON.parse(readFileSync(join(this.dir, r.file), 'utf8')) as T;
  }

  /** The file that answers a path, as this host looks it up (netlify-cli's alternatives in `pretty` mode). */
  private fileAt(path: string): string | undefined {
    const candidates = [path];
    if (this.shadowing === 'pretty') {
      if (path.endsWith('/')) candidates.push(`${path.slice(0, -1)}.html`, `${path}index.html`);
      else if (!/\.(html?|png|jpg|js|css|svg|gif|ico|woff2?)$/.test(path)) {
        candidates.push(`${path}.html`, `${path}/index.html`);
      }
    } else if (path.endsWith('/')) {
      candidates.push(`${path}index.html`); // a folder's index: every static host serves that
    }
    for (const c of candidates) {
      const rel = c.replace(/^\/+/, '');
      try {
        if (rel !== '' && statSync(join(this.dir, rel)).isFile()) return rel;
      } catch {
        // not there
      }
    }
    return undefined;
  }
}
