// Repository docs rendered into pages: their relative links (`rules.md`) point at the repository on GitHub.
export function repoLinks(html: string, repositoryUrl: string, branch: string): string {
  return html.replace(
    /href="(?![a-z][a-z0-9+.-]*:|\/|#)([^"]+)"/gi,
    (_, rel: string) => `href="${repositoryUrl}/blob/${branch}/docs/${rel}"`,
  );
}

const attr = (text: string): string => text.replace(/"/g, '&quot;');

/**
 * Tables and code blocks of a rendered doc scroll sideways in their own box, so a phone never scrolls the page:
 * a table is wrapped in a `div.scroll`, a code block is its own box. Either is in the Tab order (the keyboard can
 * scroll it) and a region named after the section it is in ("Table: Pages", "Code: Building (2)").
 */
export function scrollBoxes(html: string): string {
  let section = '';
  const seen = new Map<string, number>();
  const label = (kind: string): string => {
    const base = section ? `${kind}: ${section}` : kind;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return attr(n === 1 ? base : `${base} (${n})`);
  };
  return html.replace(
    /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>|<table\b[^>]*>|<\/table>|<pre\b([^>]*)>/g,
    (tag: string, _level: string, heading: string | undefined, pre: string | undefined) => {
      if (heading !== undefined) {
        section = heading
          .replace(/<[^>]*>/g, '')
          .replace(/\s+/g, ' ')
          .trim();
        return tag;
      }
      if (tag === '</table>') return '</table></div>';
      if (pre === undefined)
        return `<div class="scroll" role="region" tabindex="0" aria-label="${label('Table')}">${tag}`;
      const kept = pre.replace(/\s(?:tabindex|role|aria-label)="[^"]*"/g, '');
      return `<pre${kept} tabindex="0" role="region" aria-label="${label('Code')}">`;
    },
  );
}

type MdModule = { compiledContent: () => string | Promise<string> };

/** The HTML of the first module of an eager `import.meta.glob` of a .md file, or undefined when the file is absent. */
export async function docHtml(
  mods: Record<string, unknown>,
  repositoryUrl: string,
  branch: string,
): Promise<string | undefined> {
  const mod = Object.values(mods)[0] as MdModule | undefined;
  if (!mod) return undefined;
  return scrollBoxes(repoLinks(await mod.compiledContent(), repositoryUrl, branch));
}
