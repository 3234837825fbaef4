/**
 * No string that reaches a client's configuration may carry the client's own substitution syntax. VS Code resolves
 * `${env:…}`, `${config:…}`, `${command:…}`, `${input:…}`, `${workspaceFolder}`… in every string (and key) of a
 * server's launch; Cursor resolves `${env:…}`, `${userHome}`, `${workspaceFolder}`… in command, args, env, url and
 * headers; other clients `${VAR}`. None has an escape. A `${` from server.json would make the user's client read
 * their environment, settings or secrets into an argument, a URL or a header the publisher chose. docs/site.md
 * lists what each client substitutes and where that was read.
 *
 * Checked: every string the install generator writes into a configuration (values, defaults and choices of
 * arguments, environment variables, headers and URL variables; URLs; package identifiers and versions), and every
 * `{variable}` template whose filled-in values could spell `${` across a boundary (`x$` followed by `{…}`).
 * Descriptions are not checked: no client substitutes them (they are prompt texts).
 */
import type { Finding } from '../core/problem.ts';
import { childPath } from '../core/json/json-path.ts';
import { isObject, objectsOf, str } from '../core/guards.ts';
import type { Rule } from './rule.ts';

/** What every client's substitution starts with. */
export const SUBSTITUTION_OPEN = '${';

type Candidates = (name: string) => string[] | undefined;

export const substitutionRules: Rule = (doc) => {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    const at = `$.packages[${i}]`;
    raw(out, pkg.identifier, `${at}.identifier`);
    raw(out, pkg.version, `${at}.version`);
    for (const list of ['runtimeArguments', 'packageArguments', 'environmentVariables'] as const)
      for (const [k, input] of objectsOf(pkg[list])) inputFields(out, input, `${at}.${list}[${k}]`);
    if (isObject(pkg.transport)) {
      const t = pkg.transport;
      for (const [k, input] of objectsOf(t.headers)) inputFields(out, input, `${at}.transport.headers[${k}]`);
      const url = str(t.url);
      if (url !== undefined && !raw(out, url, `${at}.transport.url`))
        junctions(out, url, packageVariables(pkg), `${at}.transport.url`);
    }
  }
  for (const [i, remote] of objectsOf(doc.remotes)) {
    const at = `$.remotes[${i}]`;
    for (const [k, input] of objectsOf(remote.headers)) inputFields(out, input, `${at}.headers[${k}]`);
    const variables = isObject(remote.variables) ? remote.variables : {};
    for (const [name, spec] of Object.entries(variables))
      if (isObject(spec)) ownFields(out, spec, childPath(`${at}.variables`, name));
    const url = str(remote.url);
    if (url !== undefined && !raw(out, url, `${at}.url`))
      junctions(out, url, (name) => (isObject(variables[name]) ? candidates(variables[name]) : undefined), `${at}.url`);
  }
  return out;
};

/** A string containing `${`: one finding. Returns whether it found one. */
function raw(out: Finding[], value: unknown, jsonPath: string): boolean {
  if (typeof value !== 'string' || !value.includes(SUBSTITUTION_OPEN)) return false;
  out.push({
    rule: 'client-substitution',
    jsonPath,
    message: `${JSON.stringify(value)} contains "\${", which VS Code, Cursor and other clients replace with a value from the user's machine (an environment variable, a setting, a stored secret) when they start the server. Write the literal text, or declare a {variable} for what the user supplies.`,
  });
  return true;
}

/** value, default and choices of an input, and of each of its `variables`; then the value as a template. */
function inputFields(out: Finding[], input: Record<string, unknown>, at: string): void {
  const valueHit = ownFields(out, input, at);
  const variables = isObject(input.variables) ? input.variables : {};
  for (const [name, spec] of Object.entries(variables))
    if (isObject(spec)) ownFields(out, spec, childPath(`${at}.variables`, name));
  const value = str(input.value);
  if (value !== undefined && !valueHit)
    junctions(
      out,
      value,
      (name) => (isObject(variables[name]) ? candidates(variables[name]) : undefined),
      `${at}.value`,
    );
}

/** value, default and each choice; returns whether the value itself contains `${`. */
function ownFields(out: Finding[], spec: Record<string, unknown>, at: string): boolean {
  const valueHit = raw(out, spec.value, `${at}.value`);
  raw(out, spec.default, `${at}.default`);
  if (Array.isArray(spec.choices)) for (const [n, c] of spec.choices.entries()) raw(out, c, `${at}.choices[${n}]`);
  return valueHit;
}

/** What a `{name}` may be filled with: its fixed value, default and choices. */
function candidates(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of [spec.value, spec.default, ...(Array.isArray(spec.choices) ? spec.choices : [])])
    if (typeof v === 'string') out.push(v);
  return out;
}

/** The names a package transport URL may use, as the generator resolves them (transports.ts declares the same). */
function packageVariables(pkg: Record<string, unknown>): Candidates {
  const specs = new Map<string, Record<string, unknown>>();
  for (const list of [pkg.runtimeArguments, pkg.packageArguments]) {
    for (const [, arg] of objectsOf(list)) {
      for (const n of [str(arg.name), str(arg.valueHint)]) {
        if (!n) continue;
        specs.set(n, arg);
        specs.set(n.replace(/^-+/, ''), arg);
      }
    }
  }
  for (const [, env] of objectsOf(pkg.environmentVariables)) {
    const n = str(env.name);
    if (n) specs.set(n, env);
  }
  return (name) => {
    const spec = specs.get(name) ?? specs.get(name.replace(/^-+/, ''));
    return spec && candidates(spec);
  };
}

/**
 * Whether filling the template's `{name}`s can spell `${` across a boundary: a piece that may end in `$` followed by
 * one that may start with `{` (an empty value lets the `$` reach further).
 */
function junctions(out: Finding[], template: string, fill: Candidates, jsonPath: string): void {
  let mayEndInDollar = false;
  let last = 0;
  const pieces: Array<{ values: string[]; name?: string }> = [];
  for (const m of template.matchAll(/\{([^{}]+)\}/g)) {
    const values = fill(m[1]!);
    if (values === undefined) continue; // not a variable: literal text
    if (m.index > last) pieces.push({ values: [template.slice(last, m.index)] });
    // A variable without values is a prompt or a "<placeholder>": neither ends in "$" nor starts with "{".
    pieces.push({ values: values.length ? values : ['<input>'], name: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < template.length) pieces.push({ values: [template.slice(last)] });
  for (const [n, piece] of pieces.entries()) {
    const opens = piece.values.some((v) => v.startsWith('{'));
    if (mayEndInDollar && opens) {
      const which = piece.name ?? pieces[n - 1]?.name ?? '';
      out.push({
        rule: 'client-substitution',
        jsonPath,
        message: `Filling in {${which}} here can spell "\${" (a value ending in "$" next to one starting with "{"), which clients replace with a value from the user's machine. Change the values or the template so no "\${" can appear.`,
      });
      return;
    }
    mayEndInDollar = piece.values.some((v) => v.endsWith('$')) || (mayEndInDollar && piece.values.includes(''));
  }
}
