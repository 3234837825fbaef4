/** The one JSON document the Astro build reads (path in REGISTRY_SITE_DATA). */
import type { NamespaceInfo, SiteServer } from './model.ts';

export interface SiteData {
  config: {
    siteTitle: string;
    siteDescription: string;
    baseUrl: string;
    repositoryUrl: string;
    defaultBranch: string;
    metaKey: string;
  };
  servers: SiteServer[];
  namespaces: NamespaceInfo[];
  /** Site-relative path of the content-hashed search index. */
  searchIndex: string;
  /** Number of servers in the search index (listed servers). */
  searchCount: number;
  /** Servers per page on the no-JavaScript list pages. */
  pageSize: number;
  /**
   * Namespace → the Astro child that renders its pages, when several render side by side (REGISTRY_SITE_SHARD names
   * the child; the site-wide pages are child 0's). Absent or empty: one child renders everything.
   */
  shardOf?: Record<string, number>;
  /** Newest time found in the records, shown as "data as of" (never the clock: builds are deterministic). */
  asOf: string;
}
