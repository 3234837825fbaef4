/**
 * The `mcp-name: <name>` README marker (PyPI, NuGet). Pure.
 * Boundary rule: the name must be followed by the end of the text or a character outside
 * [A-Za-z0-9._/-], so `mcp-name: io.github.x/foo-evil` does not prove `io.github.x/foo`.
 */
const NAME_CHAR = /[A-Za-z0-9._/-]/;

export function hasMcpNameMarker(text: string, name: string): boolean {
  const needle = `mcp-name: ${name}`;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const next = text[at + needle.length];
    if (next === undefined || !NAME_CHAR.test(next)) return true;
  }
  return false;
}

/** The names the text does declare (for a readable mismatch message). */
export function declaredMcpNames(text: string): string[] {
  return [...text.matchAll(/mcp-name: ([A-Za-z0-9._/-]+)/g)].map((m) => m[1]!).slice(0, 5);
}
