/**
 * The Cloudflare Workers entry: the request handler over the edge layout, which is this Worker's static assets.
 * wrangler bundles this file (see wrangler-config.ts); it must import nothing that needs Node.
 */
import { createHandler, type Handler, type Storage } from './handler.ts';

interface Env {
  ASSETS: { fetch(input: string): Promise<Response> };
  BASE_PATH?: string;
  MAX_PACK_READS?: string;
}

let handler: Handler | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    handler ??= createHandler(assetStorage(env.ASSETS), {
      ...(env.BASE_PATH ? { basePath: env.BASE_PATH } : {}),
      ...(env.MAX_PACK_READS ? { maxPackReads: Number(env.MAX_PACK_READS) } : {}),
    });
    return handler(request);
  },
};

/** Objects are read through the assets binding; only the path of the URL matters to it. */
function assetStorage(assets: Env['ASSETS']): Storage {
  return {
    async get(key) {
      const response = await assets.fetch(`https://assets.local/${key}`);
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`static asset ${key}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
