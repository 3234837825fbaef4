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
  /** Newest time found in the records, shown as "data as of" (never the clock: builds are deterministic). */
  asOf: string;
}
