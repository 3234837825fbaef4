/** remotes[]: public https endpoints with declared URL variables. */
import type { Finding } from '../core/problem.ts';
import { fillTemplate, isObject, objectsOf, parseUrl, str, templateVariables } from '../core/guards.ts';
import type { Rule } from './rule.ts';

export function isLocalHost(hostname: string): boolean {
  // URL has already normalised 127.1, 0x7f000001 and [::0:1]; a trailing dot is the same name.
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '::' || h === '0.0.0.0') return true;
  if (/^127\./.test(h)) return true;
  // IPv4-mapped IPv6 of a loopback address: ::ffff:127.x.y.z, normalised to ::ffff:7fxx:xxxx.
  return /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h);
}

export const remoteRules: Rule = (doc) => {
  const out: Finding[] = [];
  for (const [i, remote] of objectsOf(doc.remotes)) {
    const url = str(remote.url);
    if (url === undefined) continue;
    const at = `$.remotes[${i}].url`;
    const u = parseUrl(fillTemplate(url));
    if (u?.protocol !== 'https:' || !url.toLowerCase().startsWith('https://')) {
      out.push({
        rule: 'remote-https',
        jsonPath: at,
        message: `Remote url "${url}" must be an absolute https:// URL.`,
      });
    } else if (isLocalHost(u.hostname)) {
      out.push({
        rule: 'remote-localhost',
        jsonPath: at,
        message: `Remote url "${url}" points at this machine; a remote must be reachable by every client. List a local server under "packages" instead.`,
      });
    }
    if (u && (u.username !== '' || u.password !== '')) {
      out.push({
        rule: 'remote-userinfo',
        jsonPath: at,
        message: `Remote url "${url}" carries a user name or password before "@"; credentials never belong in a published URL, and one endpoint has one spelling. Remove "…@" (declare a header for credentials instead).`,
      });
    }
    const declared = isObject(remote.variables) ? new Set(Object.keys(remote.variables)) : new Set<string>();
    for (const v of templateVariables(url)) {
      if (!declared.has(v)) {
        out.push({
          rule: 'remote-url-variable',
          jsonPath: at,
          message: `The url uses {${v}} but "variables" does not declare it; add "variables": {"${v}": {"description": "…"}}.`,
        });
      }
    }
  }
  return out;
};
