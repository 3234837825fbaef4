/**
 * The site's base path (`/` at a domain root, `/registry/` for a GitHub project page), one spelling for every
 * consumer: the site build, the preview server and the host rule files. Pure.
 */

/** Any spelling (`registry`, `/registry`, `registry//`, ``) → `/registry/`, or `/` at the root. */
export function normalizeBasePath(basePath = '/'): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** The base path to put before a `/…` path: `/registry`, or `` at the root. */
export function basePrefix(basePath: string): string {
  return normalizeBasePath(basePath).slice(0, -1);
}
