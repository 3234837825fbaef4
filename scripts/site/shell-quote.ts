/**
 * Quoting for the shell lines the site shows. Every word goes through `shellQuote`: a POSIX shell (sh, dash, bash,
 * zsh) reads the result back as exactly the word, whatever it holds. tests/site/shell-quote.test.ts checks that with
 * real shells over random strings.
 */

/**
 * Words every POSIX shell reads as themselves without quotes: no expansion ($ ` \ ~), no globbing (* ? [), no
 * braces, no operators (; & | < > ( )), no comment (#), no history (!), and no `=` first (zsh's `=cmd` expansion).
 */
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** One shell word: bare when provably safe, else single-quoted with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return BARE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
