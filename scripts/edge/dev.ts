/**
 * Serve an edge build in workerd, the Workers runtime, through wrangler's own dev server (the code path of
 * `wrangler dev`: it bundles worker.ts with esbuild and runs it with the layout as static assets in Miniflare).
 * Offline by construction: no metrics, no update check, no `Request.cf` download, no login, no remote bindings.
 */
import { join } from 'node:path';
import { WRANGLER_FILE } from './write.ts';

export interface EdgeServer {
  /** The root URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

/** Environment that keeps wrangler and Miniflare from reaching the network. */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  // No usage metrics, no error reports.
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  DO_NOT_TRACK: '1',
  // The banner is what asks the npm registry for a newer wrangler.
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_NO_SKILLS_UPDATE_PROMPTS: 'true',
  // Miniflare would download the `Request.cf` sample from workers.cloudflare.com.
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

interface StartedWorker {
  url: Promise<URL>;
  dispose(): Promise<void>;
}

export async function startEdgeServer(o: { dir: string; port?: number; host?: string }): Promise<EdgeServer> {
  Object.assign(process.env, OFFLINE_ENV);
  const wrangler = (await import('wrangler')) as unknown as {
    unstable_startWorker(input: Record<string, unknown>): Promise<StartedWorker>;
  };
  const worker = await wrangler.unstable_startWorker({
    config: join(o.dir, WRANGLER_FILE),
    dev: {
      server: { hostname: o.host ?? '127.0.0.1', port: o.port ?? 0 },
      inspector: false,
      watch: false,
      remote: false,
      logLevel: 'warn',
    },
  });
  let url: URL;
  try {
    url = await worker.url;
  } catch (e) {
    await worker.dispose().catch(() => {});
    throw e;
  }
  return { url: url.href.endsWith('/') ? url.href : `${url.href}/`, close: () => worker.dispose() };
}
