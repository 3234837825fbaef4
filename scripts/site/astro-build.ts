/**
 * `astro build` of the site, run by build-site.ts in a child process (argument: the site's root folder), without
 * the type generation the CLI runs first (`astro sync`): the site has no content collections and the build reads no
 * generated type, while sync starts a second Vite server (1–3 s a build) and writes into the shared `site/.astro/`.
 * `sync` is the builder's own option (AstroBuilderOptions), not in the public signature; were it ever dropped, sync
 * would simply run again.
 *
 * Silent unless REGISTRY_SITE_LOG names one of Astro's log levels (`info` shows every page; the parent passes the
 * output on, astro-process.ts).
 */
import { build } from 'astro';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

const root = process.argv[2];
if (!root) throw new Error('usage: node astro-build.ts <site root>');
const wanted = process.env.REGISTRY_SITE_LOG;
const logLevel = LEVELS.includes(wanted as Level) ? (wanted as Level) : 'silent';
await build({ root, logLevel }, { sync: false } as Parameters<typeof build>[1]);
