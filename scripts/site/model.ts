/**
 * Records → the site's view model: pure. The site reads facts from the records (isLatest, status, dates) and never
 * re-derives them; this module only groups records per server and picks out what pages and search need.
 */
import { OFFICIAL_META_KEY } from '../core/types.ts';
import type { OfficialMeta, ServerJson, ServerRecord, Status } from '../core/types.ts';
import { codeUnitOrder } from '../core/compare.ts';

/**
 * The site's top-level folders made of one subfolder per namespace (`server/<ns>/…`, `namespaces/<ns>/`): what a
 * further Astro process contributes, and where batched pages go.
 */
export const PER_NAMESPACE_FOLDERS: readonly string[] = ['server', 'namespaces'];

export interface SiteVersion {
  version: string;
  status: Status;
  statusMessage?: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
  /** Repository path of the version's server.json and a link to it (from our own `_meta` key, when present). */
  path?: string;
  sourceUrl?: string;
}

export interface SiteServer {
  name: string;
  namespace: string;
  /** The part after the slash. */
  slug: string;
  title: string;
  description: string;
  status: Status;
  statusMessage?: string;
  /** The version the records mark `isLatest` (or, if none does, the newest published one). */
  latestVersion: string;
  /** The latest version's server.json, as published. */
  latest: ServerJson;
  /** Every version, newest publish first. */
  versions: SiteVersion[];
  packageTypes: string[];
  /** Transports offered: `stdio`, `streamable-http`, `sse`. */
  transports: string[];
  kinds: Array<'local' | 'remote'>;
  packageIds: string[];
  remoteHosts: string[];
  /** Earliest publishedAt over its versions. */
  firstPublishedAt: string;
}

export interface NamespaceInfo {
  namespace: string;
  /** How a publisher proves the namespace: GitHub account/org, or a domain. */
  proof: { kind: 'github' | 'domain'; subject: string };
  servers: number;
}

function official(r: ServerRecord): OfficialMeta {
  return r._meta[OFFICIAL_META_KEY];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replace(/\{[^}]*\}/g, 'x')).host;
  } catch {
    return undefined;
  }
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Namespace → the kind of proof that grants it. `io.github.<login>` is a GitHub account or organization; any other
 * namespace is a reversed domain (`com.example` ↔ example.com) proven by DNS or HTTP. Display only: the gate decides.
 */
export function namespaceProof(namespace: string): NamespaceInfo['proof'] {
  if (namespace.startsWith('io.github.')) return { kind: 'github', subject: namespace.slice('io.github.'.length) };
  return { kind: 'domain', subject: namespace.split('.').reverse().join('.') };
}

/** Our own `_meta` entry of a record (path and link of the source file), when the API build put one there. */
function ours(r: ServerRecord, metaKey: string): { path?: string; sourceUrl?: string } {
  const m = r._meta[metaKey];
  if (!m || typeof m !== 'object') return {};
  const { path, sourceUrl } = m as Record<string, unknown>;
  return { ...(typeof path === 'string' ? { path } : {}), ...(typeof sourceUrl === 'string' ? { sourceUrl } : {}) };
}

/** Group records per server, sorted by name; versions newest publish first. */
export function siteServers(records: ServerRecord[], metaKey: string): SiteServer[] {
  const byName = new Map<string, ServerRecord[]>();
  for (const r of records) {
    const list = byName.get(r.server.name);
    if (list) list.push(r);
    else byName.set(r.server.name, [r]);
  }
  const out: SiteServer[] = [];
  for (const [name, list] of byName) {
    const sorted = [...list].sort((a, b) => {
      const pa = official(a).publishedAt;
      const pb = official(b).publishedAt;
      return codeUnitOrder(pb, pa) || codeUnitOrder(b.server.version, a.server.version);
    });
    const latest = sorted.find((r) => official(r).isLatest) ?? sorted[0]!;
    const meta = official(latest);
    const doc = latest.server;
    const packages = doc.packages ?? [];
    const remotes = doc.remotes ?? [];
    const slash = name.indexOf('/');
    const server: SiteServer = {
      name,
      namespace: name.slice(0, slash),
      slug: name.slice(slash + 1),
      title: doc.title?.trim() || name.slice(slash + 1),
      description: doc.description,
      status: meta.status,
      latestVersion: doc.version,
      latest: doc,
      versions: sorted.map((r) => {
        const m = official(r);
        return {
          version: r.server.version,
          status: m.status,
          ...(m.statusMessage ? { statusMessage: m.statusMessage } : {}),
          publishedAt: m.publishedAt,
          updatedAt: m.updatedAt,
          isLatest: m.isLatest,
          ...ours(r, metaKey),
        };
      }),
      packageTypes: uniq(packages.map((p) => p.registryType)).sort(),
      transports: uniq([...packages.map((p) => p.transport?.type ?? 'stdio'), ...remotes.map((r) => r.type)]).sort(),
      kinds: [...(packages.length ? (['local'] as const) : []), ...(remotes.length ? (['remote'] as const) : [])],
      packageIds: uniq(packages.map((p) => p.identifier)),
      remoteHosts: uniq(remotes.map((r) => hostOf(r.url)).filter((h): h is string => !!h)),
      firstPublishedAt: sorted.reduce(
        // biome-ignore lint/complexity/useMathMinMax: ISO strings, not numbers; text order is time order
        (min, r) => (official(r).publishedAt < min ? official(r).publishedAt : min),
        meta.publishedAt,
      ),
    };
    if (meta.statusMessage) server.statusMessage = meta.statusMessage;
    out.push(server);
  }
  return out.sort((a, b) => codeUnitOrder(a.name, b.name));
}

export function namespaces(servers: SiteServer[]): NamespaceInfo[] {
  const counts = new Map<string, number>();
  for (const s of servers) counts.set(s.namespace, (counts.get(s.namespace) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => codeUnitOrder(a, b))
    .map(([namespace, n]) => ({ namespace, proof: namespaceProof(namespace), servers: n }));
}

/**
 * Which Astro child renders each namespace's pages (`server/<ns>/…` and `namespaces/<ns>/`) when the site renders in
 * `count` processes: contiguous runs of namespaces with about the same number of pages each, so every top-level
 * folder below `server/` and `namespaces/` comes from one child. Namespaces left out belong to child 0.
 */
export function namespaceShards(servers: SiteServer[], count: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (count <= 1) return out;
  const infos = namespaces(servers);
  const total = infos.reduce((n, i) => n + i.servers + 1, 0);
  let done = 0;
  for (const info of infos) {
    const shard = Math.min(count - 1, Math.floor((done * count) / total));
    if (shard > 0) out[info.namespace] = shard;
    done += info.servers + 1;
  }
  return out;
}

/** Servers a visitor can find: deleted ones keep their page (a tombstone) but leave lists and search. */
export function listed(servers: SiteServer[]): SiteServer[] {
  return servers.filter((s) => s.status !== 'deleted');
}
