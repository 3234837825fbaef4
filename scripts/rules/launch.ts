/**
 * Published data that will not run as written: warnings, never errors (the official registry accepts these
 * documents, and none is unsafe), so a reviewer can ask for a fix and the server page can say what to check before
 * the configuration next to it is used.
 *
 * - `container-flag-after-image`: a `docker run` option among an oci package's packageArguments, which go after
 *   the image name, so the server receives it instead of the container engine.
 * - `uvx-from-after-package`: `--from` among a pypi package's packageArguments: it is an option of uvx and must
 *   come before the package (runtimeArguments).
 * - `input-undeclared`: a value naming a variable nobody declares: `${input:x}` (VS Code's syntax for its own
 *   mcp.json) or a `{x}` missing from the value's `variables`, both written through as text.
 * - `placeholder-value`: a value or default left as documentation (`YOUR_API_KEY`, `{{PATH_TO_SRC}}`,
 *   `<your-token>`), which reaches the server as it is.
 * - `container-image-name`: an oci identifier a container engine refuses (the reference grammar of
 *   distribution/reference: lowercase path, a tag of at most 128 word characters, a digest).
 *
 * The site shows these on the server page with the same function (`launchWarnings`), never a second derivation.
 */
import { childPath } from '../core/json/json-path.ts';
import { isObject, objectsOf, str } from '../core/guards.ts';
import type { Finding } from '../core/problem.ts';
import type { Rule } from './rule.ts';

/** `docker run` / `podman run` options that only make sense to the engine, before the image name. */
const ENGINE_FLAGS = new Set([
  '--rm',
  '-i',
  '--interactive',
  '-t',
  '--tty',
  '-it',
  '-e',
  '--env',
  '--env-file',
  '--volume',
  '--mount',
  '--network',
  '--net',
  '--publish',
  '--entrypoint',
  '--platform',
  '--pull',
  '--privileged',
  '--cap-add',
  '--detach',
  '--init',
]);
/** Short options a server could also have (`-v` verbose, `-p` port): the engine's only when the value says so. */
const ENGINE_FLAGS_WITH_MAPPING = new Set(['-v', '-p']);

/** What an argument puts on the command line first: a named argument's name, a positional one's value. */
function leadingWord(arg: Record<string, unknown>): string | undefined {
  return str(arg.type) === 'named' ? str(arg.name) : str(arg.value);
}

function engineFlag(arg: Record<string, unknown>, word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  const flag = word.split('=')[0]!;
  if (ENGINE_FLAGS.has(flag)) return flag;
  if (ENGINE_FLAGS_WITH_MAPPING.has(flag) && (str(arg.value) ?? str(arg.default) ?? '').includes(':')) return flag;
  return undefined;
}

/** Text left as documentation rather than a value. */
const PLACEHOLDERS: readonly RegExp[] = [
  /\{\{[^{}]*\}\}/, // {{PATH_TO_SRC}}
  /<[^<>]*\b(?:your|my)\b[^<>]*>/i, // <your-token>
  /^<[^<>]+>$/, // <token>
  /(?:^|[^A-Za-z0-9])YOUR[_-][A-Z0-9_-]+/i, // YOUR_API_KEY, your-api-key
  /\byour[ _-]?(?:api[ _-]?)?(?:key|token|secret|password)\b/i,
  /[_-]HERE$/i, // API_KEY_HERE
  /\b(?:changeme|replace[_-]?me)\b/i,
];

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.some((p) => p.test(value));
}

// ---------------------------------------------------------------------------------------------------------------
// Container image references (github.com/distribution/reference, regexp.go)

const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_PART}(?:/${PATH_PART})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const TAG_ONLY = new RegExp(`^${TAG}$`);
/** The longest repository name an engine accepts (domain and path together). */
const MAX_NAME = 255;

/** Why a container engine refuses `reference`, or undefined when it is a valid image reference. */
export function imageNameProblem(reference: string): string | undefined {
  const m = REFERENCE.exec(reference);
  if (!m) {
    if (/[A-Z]/.test(reference.split(/[:@]/)[0]!.split('/').slice(1).join('/')))
      return 'repository names are lowercase';
    return 'it is not `[registry/]path[:tag][@digest]` with a lowercase path and a tag of at most 128 letters, digits, "_", "." or "-"';
  }
  const [, domain, path] = m;
  // The engine reads a first part without "." or ":" (and not "localhost") as a Docker Hub namespace, which is
  // lowercase; with capitals it would be taken for a registry host.
  if (domain && !/[.:]/.test(domain) && domain !== 'localhost' && domain !== domain.toLowerCase())
    return 'repository names are lowercase';
  if ((domain ? domain.length + 1 : 0) + path!.length > MAX_NAME)
    return `the repository name is longer than ${MAX_NAME} characters`;
  return undefined;
}

/**
 * The image a container engine runs for an oci package: the identifier as given when it carries a tag or a
 * digest, else tagged with the package's version, so the engine never picks an implicit `latest`.
 */
export function imageReference(identifier: string, version: string | undefined): string {
  const last = identifier.slice(identifier.lastIndexOf('/') + 1);
  if (last.includes(':') || identifier.includes('@') || !version) return identifier;
  return `${identifier}:${version}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The rule

/** The `{name}` references of a value (not `{{…}}`, which is a placeholder). */
function references(value: string): string[] {
  return [...value.matchAll(/(?<![{$])\{([A-Za-z0-9_.-]+)\}(?!\})/g)].map((m) => m[1]!);
}

function undeclared(out: Finding[], input: Record<string, unknown>, at: string): void {
  const value = str(input.value);
  if (value === undefined) return;
  const declared = isObject(input.variables) ? input.variables : {};
  for (const m of value.matchAll(/\$\{input:([^}]*)\}/g)) {
    out.push({
      rule: 'input-undeclared',
      severity: 'warning',
      jsonPath: `${at}.value`,
      message: `"\${input:${m[1]}}" is VS Code's syntax for an input of its own mcp.json; server.json has no inputs, so it reaches the server as text. Write "{${m[1]}}" and declare "${m[1]}" in "variables" (with isSecret for a secret).`,
    });
  }
  for (const name of references(value.replace(/\$\{[^}]*\}/g, ''))) {
    if (Object.hasOwn(declared, name)) continue;
    out.push({
      rule: 'input-undeclared',
      severity: 'warning',
      jsonPath: `${at}.value`,
      message: `"{${name}}" names no variable of this value, so clients pass it as the literal text "{${name}}". Declare "${name}" in "variables", or write the value itself.`,
    });
  }
}

function placeholders(out: Finding[], input: Record<string, unknown>, at: string): void {
  for (const field of ['value', 'default'] as const) {
    const v = str(input[field]);
    if (v === undefined || !isPlaceholder(v)) continue;
    out.push({
      rule: 'placeholder-value',
      severity: 'warning',
      jsonPath: `${at}.${field}`,
      message: `${JSON.stringify(v)} looks like a placeholder from documentation; as a ${field} it reaches the server as it is. Leave the ${field} out and mark the input isRequired (and isSecret for a key), so clients ask the user for it.`,
    });
  }
  if (isObject(input.variables))
    for (const [name, spec] of Object.entries(input.variables))
      if (isObject(spec)) placeholders(out, spec, childPath(`${at}.variables`, name));
}

/** Every argument, environment variable and header of a package or remote, with its JSONPath. */
function inputsOf(doc: Record<string, unknown>): Array<[Record<string, unknown>, string]> {
  const out: Array<[Record<string, unknown>, string]> = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    for (const list of ['runtimeArguments', 'packageArguments', 'environmentVariables'] as const)
      for (const [k, input] of objectsOf(pkg[list])) out.push([input, `$.packages[${i}].${list}[${k}]`]);
    if (isObject(pkg.transport))
      for (const [k, h] of objectsOf(pkg.transport.headers)) out.push([h, `$.packages[${i}].transport.headers[${k}]`]);
  }
  for (const [i, remote] of objectsOf(doc.remotes)) {
    for (const [k, h] of objectsOf(remote.headers)) out.push([h, `$.remotes[${i}].headers[${k}]`]);
    if (isObject(remote.variables))
      for (const [name, spec] of Object.entries(remote.variables))
        if (isObject(spec)) out.push([spec, childPath(`$.remotes[${i}].variables`, name)]);
  }
  return out;
}

/**
 * The warnings of one document; the server page shows them next to its configurations, computed by this same
 * function at site build.
 */
export function launchWarnings(doc: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const [i, pkg] of objectsOf(doc.packages)) {
    const at = `$.packages[${i}]`;
    const type = str(pkg.registryType);
    const identifier = str(pkg.identifier);
    if (type === 'oci' && identifier !== undefined) {
      const why = imageNameProblem(identifier);
      const version = str(pkg.version);
      const tag = imageReference(identifier, version) !== identifier ? version : undefined;
      if (why)
        out.push({
          rule: 'container-image-name',
          severity: 'warning',
          jsonPath: `${at}.identifier`,
          message: `Container engines refuse the image ${JSON.stringify(identifier)}: ${why}. Give the image as docker pull accepts it.`,
        });
      else if (tag !== undefined && !TAG_ONLY.test(tag))
        out.push({
          rule: 'container-image-name',
          severity: 'warning',
          jsonPath: `${at}.version`,
          message: `The identifier has no tag, so clients run the image tagged with the version, but ${JSON.stringify(tag)} is not a tag a container engine accepts (at most 128 letters, digits, "_", "." or "-", not starting with "." or "-"). Put the tag in the identifier.`,
        });
    }
    for (const [k, arg] of objectsOf(pkg.packageArguments)) {
      const where = `${at}.packageArguments[${k}]`;
      const word = leadingWord(arg);
      const flag = type === 'oci' ? engineFlag(arg, word) : undefined;
      if (flag)
        out.push({
          rule: 'container-flag-after-image',
          severity: 'warning',
          jsonPath: where,
          message: `"${flag}" is an option of docker run, but packageArguments come after the image name, so the server receives it instead of the container engine. Move it to runtimeArguments.`,
        });
      if (type === 'pypi' && word?.split('=')[0] === '--from')
        out.push({
          rule: 'uvx-from-after-package',
          severity: 'warning',
          jsonPath: where,
          message:
            '"--from" is an option of uvx and must come before the package, but packageArguments come after it, so the server receives it. Move it to runtimeArguments (or name the package that provides the command as the identifier).',
        });
    }
  }
  for (const [input, at] of inputsOf(doc)) {
    undeclared(out, input, at);
    placeholders(out, input, at);
  }
  return out;
}

export const launchRules: Rule = launchWarnings;
