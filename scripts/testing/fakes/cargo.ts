/**
 * crates.io, both hosts in one server (the test config points `registries.cargo.baseUrl` and `readmeBaseUrl` at it):
 * - the README host (static.crates.io): `GET /readmes/<crate>/<crate>-<version>.html` → 200 text/html, the README as
 *   crates.io rendered it at publish time, HTML comments removed (crates.io drops them); a key it lacks → 403 with an
 *   S3 `AccessDenied` body, as the real bucket answers for a missing version and for a version without a README alike;
 * - the crate API (crates.io): `GET /api/v1/crates/<crate>/<version>` → 200 `{version: {crate, num, …}}`, the name
 *   matched as crates.io matches it (case-insensitive, `-` and `_` alike) and answered with its published spelling;
 *   404 `{errors: [{detail}]}` otherwise.
 */
import { send, sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** crate (published spelling) → version → its rendered README HTML, or null for a version published without one. */
export type CargoCrates = Record<string, Record<string, string | null>>;

export interface CargoFakeOptions extends HttpsFakeOptions {
  crates: CargoCrates;
  /** Serve READMEs verbatim, comments included (a host that misbehaves), instead of as crates.io renders them. */
  keepComments?: boolean;
}

const canonical = (name: string): string => name.toLowerCase().replace(/_/g, '-');

export async function startCargoFake(options: CargoFakeOptions): Promise<HttpsFake & { crates: CargoCrates }> {
  const crates = options.crates;
  const fake = await startHttpsFake((_req, res, url) => {
    const readme = url.pathname.match(/^\/readmes\/([^/]+)\/([^/]+)\.html$/);
    if (readme) {
      const crate = decodeURIComponent(readme[1]!);
      const file = decodeURIComponent(readme[2]!);
      const versions = Object.hasOwn(crates, crate) ? crates[crate]! : undefined;
      const version = file.startsWith(`${crate}-`) ? file.slice(crate.length + 1) : undefined;
      const html = versions && version !== undefined && Object.hasOwn(versions, version) ? versions[version] : null;
      if (typeof html !== 'string') {
        return send(
          res,
          403,
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
          { 'content-type': 'application/xml' },
        );
      }
      const body = options.keepComments ? html : html.replace(/<!--[\s\S]*?-->/g, '');
      return send(res, 200, body, { 'content-type': 'text/html; charset=utf-8' });
    }
    const api = url.pathname.match(/^\/api\/v1\/crates\/([^/]+)\/([^/]+)$/);
    if (api) {
      const asked = decodeURIComponent(api[1]!);
      const num = decodeURIComponent(api[2]!);
      const crate = Object.keys(crates).find((c) => canonical(c) === canonical(asked));
      if (!crate) return sendJson(res, 404, { errors: [{ detail: `crate \`${asked}\` does not exist` }] });
      if (!Object.hasOwn(crates[crate]!, num))
        return sendJson(res, 404, { errors: [{ detail: `crate \`${crate}\` does not have a version \`${num}\`` }] });
      return sendJson(res, 200, {
        version: {
          crate,
          num,
          yanked: false,
          readme_path: `/api/v1/crates/${crate}/${num}/readme`,
          dl_path: `/api/v1/crates/${crate}/${num}/download`,
        },
      });
    }
    send(res, 404, 'Not Found');
  }, options);
  return Object.assign(fake, { crates });
}
