/**
 * Step 1 of the install configurations (pure, no I/O): each package and remote of a server.json becomes a neutral
 * launch plan whose strings are templates: literal text mixed with references to inputs the user must supply
 * (secrets, URL variables, required arguments). `install-clients.ts` renders a plan for each client.
 *
 * Everything that differs between package types is one entry of `RUNNERS`.
 */
import { imageReference } from '../rules/launch.ts';
import type { ArgumentJson, InputJson, KeyValueInput, PackageJson, RemoteJson, ServerJson } from '../core/types.ts';

/** A piece of a templated string: literal text, or a reference to an input by id. */
export type Piece = string | { input: string };
export type Template = Piece[];

export interface InputSpec {
  id: string;
  /** What the input is for, e.g. `BRAVE_API_KEY` or `--host`. */
  label: string;
  description: string;
  secret: boolean;
  required: boolean;
  default?: string;
  choices?: string[];
  /**
   * An optional environment variable or header without a default: every client shows it, and a user may leave it
   * empty (VS Code asks with an empty answer allowed; the other clients write it in empty).
   */
  blank?: boolean;
  /** The environment variable whose value this input is (a client that reads secrets from the environment uses it). */
  env?: string;
}

export interface Launch {
  /** Stable, human-readable key, e.g. `npm`, `pypi`, `remote-1`. */
  id: string;
  /** What the user picks from, e.g. `npm · airtable-mcp-server@1.7.3` or `Remote (streamable-http) · api.example.com`. */
  label: string;
  /** How the client talks to the server. */
  transport: 'stdio' | 'http' | 'sse';
  kind: 'package' | 'remote';
  registryType?: string;
  /** The command that starts the server (absent for remotes and MCPB bundles). */
  command?: string;
  args: Template[];
  env: Array<{ name: string; value: Template }>;
  /** Where the client connects (remotes and packages with an HTTP transport). */
  url?: Template;
  headers: Array<{ name: string; value: Template }>;
  inputs: InputSpec[];
  /** Settings that exist but are left out because they are optional and have no default. */
  optional: Array<{ name: string; description?: string }>;
  /** A file to download instead of a command (MCPB bundles). */
  download?: string;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Package types

/** What a runner gets to build the arguments after its launcher. */
export interface RunParts {
  p: PackageJson;
  /** The launcher chosen from `commands` (the package's `runtimeHint` when it is one of them). */
  command: string;
  /** The declared runtime arguments (empty when the package declares none). */
  runtimeArgs: Template[];
  packageArgs: Template[];
  env: Launch['env'];
}

/** How one package type is started: a launcher and its arguments, or a file the user downloads. */
export type Runner = {
  /** The package as shown in the launch label (default `identifier@version`). */
  label?: (p: PackageJson) => string;
} & (
  | {
      /** Launchers that start this package type; the first is the default. */
      commands: string[] | ((p: PackageJson) => string[]);
      args: (x: RunParts) => Template[];
      /** What the user does once before the command works (an install step). */
      notes?: (p: PackageJson) => string[];
    }
  | { download: (p: PackageJson) => { url: string; notes: string[] } }
);

const pinned = (p: PackageJson, sep = '@'): string => (p.version ? `${p.identifier}${sep}${p.version}` : p.identifier);
/** The declared runtime arguments, or the launcher's own defaults when the package declares none. */
const runtimeOr = (x: RunParts, defaults: string[]): Template[] =>
  x.p.runtimeArguments?.length ? x.runtimeArgs : defaults.map((a) => [a]);

/** The image an oci package runs: its version as the tag when the identifier has none (never an implicit latest). */
const image = (p: PackageJson): string => imageReference(p.identifier, p.version);

export const RUNNERS: Record<string, Runner> = {
  npm: {
    commands: ['npx', 'bunx', 'pnpx'],
    args: (x) => [...runtimeOr(x, x.command === 'npx' ? ['-y'] : []), [pinned(x.p)], ...x.packageArgs],
  },
  pypi: {
    commands: ['uvx', 'pipx'],
    args: (x) => [
      ...runtimeOr(x, x.command === 'pipx' ? ['run'] : []),
      [pinned(x.p, x.command === 'pipx' ? '==' : '@')],
      ...x.packageArgs,
    ],
  },
  nuget: {
    commands: ['dnx'],
    // dnx asks before running a package unless told --yes; package arguments follow `--`.
    args: (x) => [
      ...runtimeOr(x, []),
      [pinned(x.p)],
      ['--yes'],
      ...(x.packageArgs.length ? [['--'], ...x.packageArgs] : []),
    ],
  },
  oci: {
    label: (p) => image(p),
    commands: ['docker', 'podman'],
    args: (x) => [
      ['run'],
      ['-i'],
      ['--rm'],
      ...x.runtimeArgs,
      // docker passes only the variables it is told about into the container.
      ...x.env.flatMap((e) => [['-e'], [e.name]]),
      [image(x.p)],
      ...x.packageArgs,
    ],
  },
  cargo: {
    // No per-run launcher exists (no npx for crates): `cargo install` puts the crate's binary on PATH once, and the
    // client runs it by name, which is the crate's name unless the crate says otherwise.
    commands: (p) => [p.identifier],
    args: (x) => [...x.runtimeArgs, ...x.packageArgs],
    notes: (p) => [
      `Install it first (needs the Rust toolchain): cargo install ${p.identifier}${p.version ? ` --version ${p.version}` : ''}`,
      `The configuration runs the binary "${p.identifier}"; if the crate installs a binary by another name, use that name.`,
    ],
  },
  mcpb: {
    label: (p) => p.identifier,
    download: (p) => ({
      url: p.identifier,
      notes: [
        'Download the bundle and open it with a client that installs MCP bundles (for example Claude Desktop).',
        ...(p.fileSha256 ? [`SHA-256 of the bundle: ${p.fileSha256}`] : []),
      ],
    }),
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Inputs and settings

/** Resolves the name inside `{name}` to what replaces it, or undefined to leave the text as it is. */
type Resolve = (name: string) => Piece | undefined;

/** Collects a plan's inputs (with unique ids) and the optional settings it leaves out. */
class Collector {
  readonly inputs: InputSpec[] = [];
  readonly optional: Launch['optional'] = [];

  addInput(label: string, spec: InputJson, fallbackDescription: string): InputSpec {
    const base =
      label
        .replace(/^-+/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'value';
    let id = base;
    for (let n = 2; this.inputs.some((i) => i.id === id); n++) id = `${base}-${n}`;
    const input: InputSpec = {
      id,
      label,
      description: spec.description?.trim() || fallbackDescription,
      secret: spec.isSecret === true,
      required: spec.isRequired === true,
    };
    if (spec.default !== undefined) input.default = spec.default;
    if (spec.choices && spec.choices.length > 0) input.choices = [...spec.choices];
    this.inputs.push(input);
    return input;
  }

  omit(name: string, description: string | undefined): void {
    this.optional.push({ name, ...(description ? { description } : {}) });
  }

  /** `abc {tenant} def` → template, every `{var}` declared in `variables` becoming an input. */
  withVariables(text: string, variables: Record<string, InputJson> | undefined): Template {
    if (!variables || Object.keys(variables).length === 0) return [text];
    return expand(text, (name) => {
      const spec = variables[name];
      if (!spec) return undefined;
      const known = this.inputs.find((i) => i.label === name);
      return { input: known ? known.id : this.addInput(name, spec, `Value for {${name}}`).id };
    });
  }

  /** The value of an argument: fixed value, else an input (required/secret/defaulted), else omitted. */
  value(label: string, spec: InputJson, what: string): Template | undefined {
    if (spec.value !== undefined) return this.withVariables(spec.value, spec.variables);
    if (spec.isRequired || spec.isSecret || spec.default !== undefined)
      return [{ input: this.addInput(label, spec, what).id }];
    return undefined;
  }

  /**
   * Arguments as VS Code's gallery writes them: a named argument with an empty value is the flag alone, a
   * positional one with an empty value is left out (an empty word would reach the program as an argument).
   */
  arguments(list: ArgumentJson[] | undefined): Template[] {
    const out: Template[] = [];
    for (const arg of list ?? []) {
      if (arg.type === 'named' && arg.name) {
        if (arg.value === '') {
          out.push([arg.name]);
          continue;
        }
        const value = this.value(arg.name, arg, `Value for ${arg.name}`);
        if (value) out.push([arg.name], value);
        else if (arg.format === 'boolean') out.push([arg.name]);
        else this.omit(arg.name, arg.description);
      } else {
        if (arg.value === '') continue;
        const label = arg.valueHint ?? arg.name ?? 'argument';
        const value = this.value(label, arg, `Value for <${label}>`);
        if (value) out.push(value);
        else this.omit(`<${label}>`, arg.description);
      }
    }
    return out;
  }

  /**
   * Environment variables or headers; `what` describes one for its input prompt. Every declared one reaches the
   * configuration (VS Code's gallery prompts for each): a fixed value as it is, anything else as an input, which
   * an optional one without a default lets the user leave empty.
   */
  keyValues(list: KeyValueInput[] | undefined, what: string, env = false): Array<{ name: string; value: Template }> {
    const out: Array<{ name: string; value: Template }> = [];
    for (const kv of list ?? []) {
      if (kv.value !== undefined && kv.value !== '') {
        out.push({ name: kv.name, value: this.withVariables(kv.value, kv.variables) });
        continue;
      }
      const input = this.addInput(kv.name, kv, `${what} ${kv.name}`);
      if (!kv.isRequired && kv.default === undefined) input.blank = true;
      if (env) input.env = kv.name;
      out.push({ name: kv.name, value: [{ input: input.id }] });
    }
    return out;
  }
}

/** Replaces each `{name}` that `resolve` knows; the rest stays literal text. */
function expand(text: string, resolve: Resolve): Template {
  const out: Template = [];
  let last = 0;
  for (const m of text.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)) {
    const piece = resolve(m[1]!);
    if (piece === undefined) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(piece);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Launch plans

function transportOf(type: string): Launch['transport'] {
  if (type === 'sse') return 'sse';
  if (type === 'streamable-http' || type === 'http') return 'http';
  return 'stdio';
}

export function packageLaunch(p: PackageJson, id: string): Launch {
  const c = new Collector();
  const notes: string[] = [];
  const transport = transportOf(p.transport?.type ?? 'stdio');
  const runner = Object.hasOwn(RUNNERS, p.registryType) ? RUNNERS[p.registryType] : undefined;
  const launch: Launch = {
    id,
    label: `${p.registryType} · ${runner?.label ? runner.label(p) : pinned(p)}`,
    transport,
    kind: 'package',
    registryType: p.registryType,
    args: [],
    env: [],
    headers: [],
    inputs: c.inputs,
    optional: c.optional,
    notes,
  };
  // Inputs get their ids in this order: runtime arguments, environment, package arguments, URL, headers.
  const runtimeArgs = c.arguments(p.runtimeArguments);
  const env = c.keyValues(p.environmentVariables, 'Environment variable', true);
  const packageArgs = c.arguments(p.packageArguments);
  launch.env = env;

  if (!runner) {
    notes.push(`No launcher is known for package type "${p.registryType}".`);
  } else if ('download' in runner) {
    const download = runner.download(p);
    launch.download = download.url;
    notes.push(...download.notes);
  } else {
    const commands = typeof runner.commands === 'function' ? runner.commands(p) : runner.commands;
    const hint = p.runtimeHint && commands.includes(p.runtimeHint) ? p.runtimeHint : commands[0]!;
    launch.command = hint;
    launch.args = runner.args({ p, command: hint, runtimeArgs, packageArgs, env });
    notes.push(...(runner.notes?.(p) ?? []));
    if (p.runtimeHint && p.runtimeHint !== hint)
      notes.push(`The package suggests the runtime "${p.runtimeHint}"; the configuration uses ${hint}.`);
  }

  if (transport !== 'stdio') {
    launch.url = localUrl(p, c);
    launch.headers = c.keyValues(p.transport.headers, 'HTTP header');
    notes.push(
      'This package serves MCP over HTTP: start it with the command below, then connect the client to the URL.',
    );
  }
  return launch;
}

/**
 * A local HTTP server's URL refers to its own arguments and variables (`{port}`): reuse the input already made
 * for the same argument or variable, else write in its fixed value, else make an input.
 */
function localUrl(p: PackageJson, c: Collector): Template {
  const vars: Record<string, InputJson> = {};
  for (const a of [...(p.runtimeArguments ?? []), ...(p.packageArguments ?? [])]) {
    const key = (a.name ?? a.valueHint ?? '').replace(/^-+/, '');
    if (key) vars[key] = a;
  }
  for (const e of p.environmentVariables ?? []) vars[e.name] = e;
  return expand(p.transport.url ?? '', (raw) => {
    // `{--port}` and `{port}` both name the `--port` argument.
    const name = raw.replace(/^-+/, '');
    const existing = c.inputs.find((i) => i.label.replace(/^-+/, '') === name);
    if (existing) return { input: existing.id };
    const spec = vars[name];
    if (!spec) return undefined;
    return spec.value !== undefined ? spec.value : { input: c.addInput(name, spec, `Value for {${name}}`).id };
  });
}

export function remoteLaunch(r: RemoteJson, id: string): Launch {
  const c = new Collector();
  let host = r.url;
  try {
    host = new URL(r.url.replace(/\{[^}]*\}/g, 'x')).host;
  } catch {
    // keep the raw URL as the label
  }
  const url = c.withVariables(r.url, r.variables);
  return {
    id,
    label: `Remote (${r.type}) · ${host}`,
    transport: transportOf(r.type),
    kind: 'remote',
    args: [],
    env: [],
    url,
    headers: c.keyValues(r.headers, 'HTTP header'),
    inputs: c.inputs,
    optional: c.optional,
    notes: [],
  };
}

/** Every way to run or reach a server: one launch per package, then one per remote. */
export function launches(server: ServerJson): Launch[] {
  const out: Launch[] = [];
  const used = new Map<string, number>();
  const key = (base: string): string => {
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
  for (const p of server.packages ?? []) out.push(packageLaunch(p, key(p.registryType)));
  for (const r of server.remotes ?? []) out.push(remoteLaunch(r, key('remote')));
  return out;
}
