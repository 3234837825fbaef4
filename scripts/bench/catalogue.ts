/**
 * The synthetic catalogue: which servers exist, in which namespaces, of which kind, with which versions (in publish
 * order). Pure and seeded; documents.ts turns one (server, version) into a server.json.
 */
import type { Rng } from './random.ts';

export type Kind = 'npm' | 'pypi' | 'nuget' | 'oci' | 'mcpb' | 'remote' | 'remote+npm' | 'npm+oci';

export interface PlannedNamespace {
  namespace: string;
  /** GitHub-ish owner used in repository/package identifiers. */
  owner: string;
  /** For reverse-DNS namespaces, the forward domain (`example.com`); undefined for io.github.*. */
  domain?: string;
}

export interface PlannedServer {
  ns: PlannedNamespace;
  /** The part after the slash. */
  server: string;
  name: string;
  kind: Kind;
  /** Versions in publish order. */
  versions: string[];
}

const KINDS: Array<[Kind, number]> = [
  ['npm', 34],
  ['pypi', 20],
  ['oci', 14],
  ['remote', 16],
  ['mcpb', 5],
  ['remote+npm', 5],
  ['nuget', 4],
  ['npm+oci', 2],
];

export const WORDS = [
  'weather',
  'postgres',
  'github',
  'slack',
  'notion',
  'jira',
  'filesystem',
  'browser',
  'search',
  'calendar',
  'mail',
  'sqlite',
  'redis',
  'kafka',
  'stripe',
  'shopify',
  'figma',
  'linear',
  'airtable',
  'docs',
  'memory',
  'time',
  'maps',
  'translate',
  'youtube',
  'spotify',
  'finance',
  'crypto',
  'news',
  'arxiv',
  'wiki',
  'k8s',
  'docker',
  'aws',
  'gcp',
  'azure',
  'terraform',
  'sentry',
  'grafana',
  'prometheus',
  'elastic',
  'mongo',
  'mysql',
  'supabase',
  'firebase',
  'vercel',
  'netlify',
  'cloudflare',
  'discord',
  'telegram',
  'whatsapp',
  'zoom',
  'drive',
  'dropbox',
  'box',
  'excel',
  'pdf',
  'image',
  'audio',
  'video',
  'code',
  'git',
  'shell',
  'ssh',
  'http',
  'graphql',
  'openapi',
  'rss',
  'crm',
  'hubspot',
  'salesforce',
  'zendesk',
  'intercom',
  'analytics',
  'ads',
  'seo',
  'scraper',
  'crawler',
  'vector',
  'rag',
  'embeddings',
  'llm',
  'agent',
  'tasks',
  'todo',
  'notes',
  'obsidian',
  'confluence',
  'bitbucket',
  'gitlab',
  'npm',
  'pypi',
  'cargo',
  'homebrew',
  'home',
  'iot',
  'energy',
  'health',
  'fitness',
  'recipes',
  'travel',
  'flights',
  'hotels',
];
const ADJECTIVES = [
  'fast',
  'simple',
  'secure',
  'open',
  'cloud',
  'local',
  'smart',
  'tiny',
  'super',
  'hyper',
  'easy',
  'pro',
];
const LOGIN_PARTS = [
  'dev',
  'code',
  'hack',
  'byte',
  'data',
  'labs',
  'works',
  'io',
  'ai',
  'ops',
  'team',
  'cat',
  'fox',
  'owl',
];
const TLDS = ['com', 'com', 'com', 'io', 'io', 'ai', 'dev', 'net', 'org', 'app', 'co.uk', 'de'];

function weighted<T>(rng: Rng, table: Array<[T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
}

function newNamespace(rng: Rng, taken: Set<string>): PlannedNamespace {
  if (rng.chance(0.7)) {
    const base = `${rng.pick(WORDS)}-${rng.pick(LOGIN_PARTS)}`;
    let login = base;
    while (taken.has(`io.github.${login}`)) login = `${base}${rng.int(2, 9999)}`;
    taken.add(`io.github.${login}`);
    return { namespace: `io.github.${login}`, owner: login };
  }
  // Reverse-DNS: example.co.uk → uk.co.example; the uniqueness key is the namespace itself.
  for (;;) {
    const label = `${rng.pick(WORDS)}${rng.pick(['', '', 'hq', 'labs', 'soft', 'cloud'])}${rng.chance(0.3) ? rng.int(2, 999) : ''}`;
    const domain = `${label}.${rng.pick(TLDS)}`;
    const namespace = domain.split('.').reverse().join('.');
    if (taken.has(namespace) || namespace.startsWith('io.github')) continue;
    taken.add(namespace);
    return { namespace, owner: label, domain };
  }
}

/** Versions in publish order for one server: mostly semver, some prereleases/backports, some non-semver. */
export function planVersions(rng: Rng, count: number): string[] {
  const style = weighted<'semver' | 'pre' | 'twopart' | 'date' | 'switch'>(rng, [
    ['semver', 84],
    ['pre', 8],
    ['twopart', 3],
    ['date', 2],
    ['switch', 3],
  ]);
  const out: string[] = [];
  const seen = new Set<string>();
  let [maj, min, pat] = rng.chance(0.5) ? [0, 1, 0] : [1, 0, 0];
  let day = rng.int(0, 300);
  const push = (v: string) => {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  };
  let i = 0;
  while (out.length < count) {
    i++;
    const nonSemver = style === 'twopart' || style === 'date' || (style === 'switch' && i <= Math.max(1, count / 3));
    if (nonSemver) {
      if (style === 'date') {
        day += rng.int(1, 20);
        const d = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000);
        push(
          `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`,
        );
      } else {
        push(`${maj}.${min + i}`);
      }
      continue;
    }
    const r = rng.next();
    if (r < 0.6) pat++;
    else if (r < 0.9) {
      min++;
      pat = 0;
    } else {
      maj++;
      min = 0;
      pat = 0;
    }
    if (style === 'pre' && rng.chance(0.4))
      push(`${maj}.${min}.${pat}-${rng.pick(['alpha', 'beta', 'rc'])}.${rng.int(1, 3)}`);
    else if (rng.chance(0.01)) push(`${maj}.${min}.${pat}+build.${rng.int(1, 999)}`);
    else if (maj > 1 && rng.chance(0.02))
      push(`${maj - 1}.${rng.int(0, 5)}.${rng.int(10, 99)}`); // a backport
    else push(`${maj}.${min}.${pat}`);
  }
  return out;
}

/** `servers` servers holding `versions` versions in total (each at least one), in creation order. */
export function planCatalogue(rng: Rng, servers: number, versions: number): PlannedServer[] {
  if (!(servers >= 1) || !(versions >= servers))
    throw new Error(`need 1 ≤ servers ≤ versions (got ${servers}, ${versions})`);
  const takenNs = new Set<string>();
  const namespaces: PlannedNamespace[] = [];
  const takenNames = new Set<string>();
  const plans: Array<Omit<PlannedServer, 'versions'>> = [];
  for (let i = 0; i < servers; i++) {
    let ns: PlannedNamespace;
    if (namespaces.length === 0 || rng.chance(0.35)) namespaces.push((ns = newNamespace(rng, takenNs)));
    else ns = rng.pick(namespaces);
    const base = rng.chance(0.5)
      ? `${rng.pick(WORDS)}${rng.pick(['-mcp', '-mcp-server', '-server', '', '-tools'])}`
      : `${rng.chance(0.3) ? `${rng.pick(ADJECTIVES)}-` : ''}${rng.pick(WORDS)}-${rng.pick(WORDS)}`;
    let server = base;
    while (takenNames.has(`${ns.namespace}/${server}`)) server = `${base}-${rng.int(2, 999)}`;
    takenNames.add(`${ns.namespace}/${server}`);
    plans.push({ ns, server, name: `${ns.namespace}/${server}`, kind: weighted(rng, KINDS) });
  }
  // Extra versions go mostly to early (popular, long-lived) servers.
  const counts = new Array<number>(servers).fill(1);
  for (let extra = versions - servers; extra > 0; extra--) {
    const r = rng.next();
    counts[Math.floor(servers * r * r)]!++;
  }
  return plans.map((p, i) => ({ ...p, versions: planVersions(rng, counts[i]!) }));
}
