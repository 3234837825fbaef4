// Repository docs rendered into pages: their relative links (`rules.md`) point at the repository on GitHub.
export function repoLinks(html: string, repositoryUrl: string, branch: string): string {
  return html.replace(
    /href="(?![a-z][a-z0-9+.-]*:|\/|#)([^"]+)"/gi,
    (_, rel: string) => `href="${repositoryUrl}/blob/${branch}/docs/${rel}"`,
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
  return repoLinks(await mod.compiledContent(), repositoryUrl, branch);
}
