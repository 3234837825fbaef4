/**
 * `astro build` of the site, run by build-site.ts in a child process (argument: the site's root folder), without
 * the type generation the CLI runs first (`astro sync`): the site has no content collections and the build reads no
 * generated type, while sync starts a second Vite server (1–3 s a build) and writes into the shared `site/.astro/`.
 * `sync` is the builder's own option (AstroBuilderOptions), not in the public signature; were it ever dropped, sync
 * would simply run again.
 */
import { build } from 'astro';

const root = process.argv[2];
if (!root) throw new Error('usage: node astro-build.ts <site root>');
await build({ root, logLevel: 'silent' }, { sync: false } as Parameters<typeof build>[1]);
