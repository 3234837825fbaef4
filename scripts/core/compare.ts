/**
 * The one string order for everything we sort (names, versions, paths, times, JSON keys): what `<` does, UTF-16 code
 * unit by code unit, never the locale's collation, so every machine sorts alike. For ASCII text (names, paths,
 * RFC 3339 times) it is byte order, the order git and the file listings use.
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
