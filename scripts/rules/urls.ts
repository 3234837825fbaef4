/** websiteUrl and icons: absolute https URLs, and the icon vocabulary. */
import type { Finding } from '../core/problem.ts';
import { objectsOf, parseUrl, str } from '../core/guards.ts';
import type { Rule } from './rule.ts';

export function isHttpsUrl(v: string): boolean {
  const u = parseUrl(v);
  return u !== undefined && u.protocol === 'https:' && u.hostname !== '';
}

const ICON_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/webp'];

export const urlRules: Rule = (doc) => {
  const out: Finding[] = [];
  const website = str(doc.websiteUrl);
  if (website !== undefined && !isHttpsUrl(website)) {
    out.push({
      rule: 'website-url',
      jsonPath: '$.websiteUrl',
      message: `websiteUrl "${website}" must be an absolute https:// URL.`,
    });
  }
  for (const [i, icon] of objectsOf(doc.icons)) {
    const src = str(icon.src);
    if (src !== undefined && !isHttpsUrl(src))
      out.push({
        rule: 'icon-src',
        jsonPath: `$.icons[${i}].src`,
        message: `Icon src "${src}" must be an absolute https:// URL.`,
      });
    const mime = str(icon.mimeType);
    if (mime !== undefined && !ICON_TYPES.includes(mime)) {
      out.push({
        rule: 'icon-mime-type',
        jsonPath: `$.icons[${i}].mimeType`,
        message: `Icon mimeType "${mime}" is not allowed; use one of ${ICON_TYPES.join(', ')}.`,
      });
    }
    if (Array.isArray(icon.sizes)) {
      icon.sizes.forEach((s, k) => {
        if (typeof s === 'string' && !/^(\d+x\d+|any)$/.test(s)) {
          out.push({
            rule: 'icon-sizes',
            jsonPath: `$.icons[${i}].sizes[${k}]`,
            message: `Icon size "${s}" must look like "48x48" or be "any".`,
          });
        }
      });
    }
  }
  return out;
};
