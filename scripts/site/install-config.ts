/**
 * Ready-to-paste install configurations generated from a server.json: pure functions, no I/O.
 *
 * Step 1 (`launches`) turns each package and remote into a neutral launch plan whose strings are templates:
 * literal text mixed with references to inputs the user must supply (secrets, URL variables, required arguments).
 * Step 2 renders a plan for one client: VS Code `mcp.json` (inputs become `${input:id}` prompts, secrets as
 * password prompts), Claude Desktop, Cursor and a generic command/args/env form (inputs become `<id>` placeholders
 * or their default value).
 */
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

export type ClientId = 'vscode' | 'claude' | 'cursor' | 'generic';
export const CLIENTS: Array<{ id: ClientId; label: string; file: string }> = [
  { id: 'vscode', label: 'VS Code', file: '.vscode/mcp.json' },
  { id: 'claude', label: 'Claude Desktop', file: 'claude_desktop_config.json' },
  { id: 'cursor', label: 'Cursor', file: '.cursor/mcp.json' },
  { id: 'generic', label: 'Command / URL', file: 'any MCP client' },
];

export interface ClientConfig {
  client: ClientId;
  /** The configuration as an object (undefined when this client cannot use this launch). */
  value?: unknown;
  /** Pretty JSON of `value`, ready to paste. */
  text?: string;
  /** Why there is no configuration, or what to do besides pasting it. */
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Step 1: package / remote → launch plan

/** Collects inputs with unique ids while a plan is built. */
class Inputs {
  readonly list: InputSpec[] = [];
  add(label: string, spec: InputJson, fallbackDescription: string): string {
    const base =
      label
        .replace(/^-+/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'value';
    let id = base;
    for (let n = 2; this.list.some((i) => i.id === id); n++) id = `${base}-${n}`;
    const input: InputSpec = {
      id,
      label,
      description: spec.description?.trim() || fallbackDescription,
      secret: spec.isSecret === true,
      required: spec.isRequired === true,
    };
    if (spec.default !== undefined) input.default = spec.default;
    if (spec.choices && spec.choices.length > 0) input.choices = [...spec.choices];
    this.list.push(input);
    return id;
  }
}

/** `abc {tenant} def` → template, every `{var}` declared in `variables` becoming an input. */
function expand(text: string, variables: Record<string, InputJson> | undefined, inputs: Inputs): Template {
  if (!variables || Object.keys(variables).length === 0) return [text];
  const out: Template = [];
  const re = /\{([A-Za-z0-9_.-]+)\}/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const name = m[1]!;
    const spec = variables[name];
    if (!spec) continue;
    if (m.index! > last) out.push(text.slice(last, m.index));
    const known = inputs.list.find((i) => i.label === name);
    out.push({ input: known ? known.id : inputs.add(name, spec, `Value for {${name}}`) });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The value of an argument, env var or header: fixed value, else an input (required/secret/defaulted), else omitted. */
function valueFor(label: string, spec: InputJson, inputs: Inputs, what: string): Template | undefined {
  if (spec.value !== undefined) return expand(spec.value, spec.variables, inputs);
  if (spec.isRequired || spec.isSecret || spec.default !== undefined) return [{ input: inputs.add(label, spec, what) }];
  return undefined;
}

function argumentsOf(list: ArgumentJson[] | undefined, inputs: Inputs, optional: Launch['optional']): Template[] {
  const out: Template[] = [];
  for (const arg of list ?? []) {
    if (arg.type === 'named' && arg.name) {
      const value = valueFor(arg.name, arg, inputs, `Value for ${arg.name}`);
      if (value) out.push([arg.name], value);
      else if (arg.format === 'boolean' || (arg.isRequired && arg.value === undefined)) out.push([arg.name]);
      else optional.push({ name: arg.name, ...(arg.description ? { description: arg.description } : {}) });
    } else {
      const label = arg.valueHint ?? arg.name ?? 'argument';
      const value = valueFor(label, arg, inputs, `Value for <${label}>`);
      if (value) out.push(value);
      else optional.push({ name: `<${label}>`, ...(arg.description ? { description: arg.description } : {}) });
    }
  }
  return out;
}

function envOf(list: KeyValueInput[] | undefined, inputs: Inputs, optional: Launch['optional']): Launch['env'] {
  const out: Launch['env'] = [];
  for (const variable of list ?? []) {
    const value = valueFor(variable.name, variable, inputs, `Environment variable ${variable.name}`);
    if (value) out.push({ name: variable.name, value });
    else optional.push({ name: variable.name, ...(variable.description ? { description: variable.description } : {}) });
  }
  return out;
}

function headersOf(list: KeyValueInput[] | undefined, inputs: Inputs, optional: Launch['optional']): Launch['headers'] {
  const out: Launch['headers'] = [];
  for (const header of list ?? []) {
    const value = valueFor(header.name, header, inputs, `HTTP header ${header.name}`);
    if (value) out.push({ name: header.name, value });
    else optional.push({ name: header.name, ...(header.description ? { description: header.description } : {}) });
  }
  return out;
}

/** How each package type is started: command, default runtime arguments, and the package reference. */
const RUNNERS: Record<
  string,
  { commands: string[]; defaultArgs: (command: string) => string[]; ref: (p: PackageJson, command: string) => string }
> = {
  npm: {
    commands: ['npx', 'bunx', 'pnpx'],
    defaultArgs: (c) => (c === 'npx' ? ['-y'] : []),
    ref: (p) => (p.version ? `${p.identifier}@${p.version}` : p.identifier),
  },
  pypi: {
    commands: ['uvx', 'pipx'],
    defaultArgs: (c) => (c === 'pipx' ? ['run'] : []),
    ref: (p, c) =>
      p.version ? (c === 'pipx' ? `${p.identifier}==${p.version}` : `${p.identifier}@${p.version}`) : p.identifier,
  },
  nuget: {
    commands: ['dnx'],
    defaultArgs: () => [],
    ref: (p) => (p.version ? `${p.identifier}@${p.version}` : p.identifier),
  },
  oci: {
    commands: ['docker', 'podman'],
    defaultArgs: () => ['run', '-i', '--rm'],
    ref: (p) => p.identifier,
  },
};

function transportOf(type: string): Launch['transport'] {
  if (type === 'sse') return 'sse';
  if (type === 'streamable-http' || type === 'http') return 'http';
  return 'stdio';
}

export function packageLaunch(p: PackageJson, id: string): Launch {
  const inputs = new Inputs();
  const optional: Launch['optional'] = [];
  const notes: string[] = [];
  const transport = transportOf(p.transport?.type ?? 'stdio');
  const ref =
    p.version && p.registryType !== 'oci' && p.registryType !== 'mcpb' ? `${p.identifier}@${p.version}` : p.identifier;
  const launch: Launch = {
    id,
    label: `${p.registryType} · ${ref}`,
    transport,
    kind: 'package',
    registryType: p.registryType,
    args: [],
    env: [],
    headers: [],
    inputs: inputs.list,
    optional,
    notes,
  };
  const runtimeArgs = argumentsOf(p.runtimeArguments, inputs, optional);
  const env = envOf(p.environmentVariables, inputs, optional);
  const packageArgs = argumentsOf(p.packageArguments, inputs, optional);
  launch.env = env;

  const runner = RUNNERS[p.registryType];
  if (p.registryType === 'mcpb') {
    launch.download = p.identifier;
    notes.push('Download the bundle and open it with a client that installs MCP bundles (for example Claude Desktop).');
    if (p.fileSha256) notes.push(`SHA-256 of the bundle: ${p.fileSha256}`);
  } else if (runner) {
    const hint = p.runtimeHint && runner.commands.includes(p.runtimeHint) ? p.runtimeHint : runner.commands[0]!;
    const args: Template[] = p.runtimeArguments?.length ? runtimeArgs : runner.defaultArgs(hint).map((a) => [a]);
    if (p.registryType === 'oci') {
      if (p.runtimeArguments?.length) args.unshift(...runner.defaultArgs(hint).map((a) => [a]));
      // docker passes only the variables it is told about into the container.
      for (const e of env) args.push(['-e'], [e.name]);
    }
    args.push([runner.ref(p, hint)]);
    if (p.registryType === 'nuget') {
      args.push(['--yes']);
      if (packageArgs.length) args.push(['--']);
    }
    args.push(...packageArgs);
    launch.command = hint;
    launch.args = args;
    if (p.runtimeHint && p.runtimeHint !== hint)
      notes.push(`The package suggests the runtime "${p.runtimeHint}"; the configuration uses ${hint}.`);
  } else {
    notes.push(`No launcher is known for package type "${p.registryType}".`);
  }

  if (transport !== 'stdio') {
    const url = p.transport.url ?? '';
    // A local HTTP server's URL refers to its own arguments and variables ({port}); reuse those inputs.
    const vars: Record<string, InputJson> = {};
    for (const a of [...(p.runtimeArguments ?? []), ...(p.packageArguments ?? [])]) {
      const key = (a.name ?? a.valueHint ?? '').replace(/^-+/, '');
      if (key) vars[key] = a;
    }
    for (const e of p.environmentVariables ?? []) vars[e.name] = e;
    launch.url = expandUrl(url, vars, inputs);
    launch.headers = headersOf(p.transport.headers, inputs, optional);
    notes.push(
      'This package serves MCP over HTTP: start it with the command below, then connect the client to the URL.',
    );
  }
  return launch;
}

/** Like `expand`, but reuses an input already created for the same argument or variable. */
function expandUrl(url: string, vars: Record<string, InputJson>, inputs: Inputs): Template {
  const out: Template = [];
  let last = 0;
  for (const m of url.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)) {
    // `{--port}` and `{port}` both name the `--port` argument.
    const name = m[1]!.replace(/^-+/, '');
    const existing = inputs.list.find((i) => i.label.replace(/^-+/, '') === name);
    const spec = vars[name];
    if (!existing && !spec) continue;
    if (m.index! > last) out.push(url.slice(last, m.index));
    if (!existing && spec!.value !== undefined) out.push(spec!.value);
    else out.push({ input: existing ? existing.id : inputs.add(name, spec!, `Value for {${name}}`) });
    last = m.index! + m[0].length;
  }
  if (last < url.length) out.push(url.slice(last));
  return out;
}

export function remoteLaunch(r: RemoteJson, id: string): Launch {
  const inputs = new Inputs();
  const optional: Launch['optional'] = [];
  let host = r.url;
  try {
    host = new URL(r.url.replace(/\{[^}]*\}/g, 'x')).host;
  } catch {
    // keep the raw URL as the label
  }
  const launch: Launch = {
    id,
    label: `Remote (${r.type}) · ${host}`,
    transport: transportOf(r.type),
    kind: 'remote',
    args: [],
    env: [],
    url: expand(r.url, r.variables, inputs),
    headers: [],
    inputs: inputs.list,
    optional,
    notes: [],
  };
  launch.headers = headersOf(r.headers, inputs, optional);
  return launch;
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

// ---------------------------------------------------------------------------------------------------------------
// Step 2: launch plan → client configuration

/** The key a server gets in a client's configuration: the part of the name after the slash. */
export function serverKey(name: string): string {
  return name.slice(name.indexOf('/') + 1) || name;
}

type Render = (inputId: string) => string;

function render(t: Template, r: Render): string {
  return t.map((p) => (typeof p === 'string' ? p : r(p.input))).join('');
}

const vscodeRef: (l: Launch) => Render = () => (id) => `\${input:${id}}`;
/** Outside VS Code there are no prompts: a default value is written in, anything else is a `<placeholder>`. */
const placeholder: (l: Launch) => Render = (l) => (id) => {
  const input = l.inputs.find((i) => i.id === id);
  return input?.default !== undefined && !input.secret ? input.default : `<${id}>`;
};

function record(list: Array<{ name: string; value: Template }>, r: Render): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of list) out[e.name] = render(e.value, r);
  return out;
}

/** The entry for `servers.<key>` in VS Code's mcp.json. */
export function vscodeServer(l: Launch): Record<string, unknown> | undefined {
  const r = vscodeRef(l);
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, r);
    return { type: l.transport, url: render(l.url, r), ...(headers ? { headers } : {}) };
  }
  if (!l.command) return undefined;
  const env = record(l.env, r);
  return { type: 'stdio', command: l.command, args: l.args.map((a) => render(a, r)), ...(env ? { env } : {}) };
}

/** VS Code input definitions: secrets as password prompts, choices as pick lists. */
export function vscodeInputs(l: Launch): Array<Record<string, unknown>> {
  return l.inputs.map((i) =>
    i.choices
      ? {
          type: 'pickString',
          id: i.id,
          description: i.description,
          options: i.choices,
          ...(i.default !== undefined ? { default: i.default } : {}),
        }
      : {
          type: 'promptString',
          id: i.id,
          description: i.description,
          ...(i.secret ? { password: true } : {}),
          ...(i.default !== undefined ? { default: i.default } : {}),
        },
  );
}

export function vscodeConfig(l: Launch, name: string): ClientConfig {
  const server = vscodeServer(l);
  if (!server) return { client: 'vscode', note: unavailableNote(l) };
  const inputs = vscodeInputs(l);
  const value = { ...(inputs.length ? { inputs } : {}), servers: { [serverKey(name)]: server } };
  return {
    client: 'vscode',
    value,
    text: JSON.stringify(value, null, 2),
    ...(l.command && l.url ? { note: startNote(l) } : {}),
  };
}

/** `vscode:mcp/install?{json}`: VS Code's own install handler, same JSON as `code --add-mcp`. */
export function vscodeInstallLink(l: Launch, name: string): string | undefined {
  const server = vscodeServer(l);
  if (!server) return undefined;
  const inputs = vscodeInputs(l);
  const payload = { name: serverKey(name), ...server, ...(inputs.length ? { inputs } : {}) };
  return `vscode:mcp/install?${encodeURIComponent(JSON.stringify(payload))}`;
}

function stdioEntry(l: Launch, r: Render): Record<string, unknown> | undefined {
  if (!l.command) return undefined;
  const env = record(l.env, r);
  return { command: l.command, args: l.args.map((a) => render(a, r)), ...(env ? { env } : {}) };
}

function envName(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function claudeConfig(l: Launch, name: string): ClientConfig {
  const r = placeholder(l);
  let entry: Record<string, unknown> | undefined;
  let note: string | undefined;
  if (l.transport !== 'stdio' && l.url) {
    // Claude Desktop's config file starts commands only; mcp-remote bridges to an HTTP server.
    const args = ['-y', 'mcp-remote', render(l.url, r)];
    const env: Record<string, string> = {};
    for (const h of l.headers) {
      args.push('--header', `${h.name}:\${${envName(h.name)}}`);
      env[envName(h.name)] = render(h.value, r);
    }
    if (l.transport === 'sse') args.push('--transport', 'sse-only');
    entry = { command: 'npx', args, ...(Object.keys(env).length ? { env } : {}) };
    note = 'Claude Desktop reaches HTTP servers through the mcp-remote bridge (or add it under Settings → Connectors).';
  } else {
    entry = stdioEntry(l, r);
  }
  if (!entry) return { client: 'claude', note: unavailableNote(l) };
  const value = { mcpServers: { [serverKey(name)]: entry } };
  return { client: 'claude', value, text: JSON.stringify(value, null, 2), ...(note ? { note } : {}) };
}

export function cursorConfig(l: Launch, name: string): ClientConfig {
  const r = placeholder(l);
  let entry: Record<string, unknown> | undefined;
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, r);
    entry = { url: render(l.url, r), ...(headers ? { headers } : {}) };
  } else {
    entry = stdioEntry(l, r);
  }
  if (!entry) return { client: 'cursor', note: unavailableNote(l) };
  const value = { mcpServers: { [serverKey(name)]: entry } };
  return { client: 'cursor', value, text: JSON.stringify(value, null, 2) };
}

/** The plain form any client understands: a command with args and env, or a transport type with URL and headers. */
export function genericConfig(l: Launch): ClientConfig {
  const r = placeholder(l);
  const value: Record<string, unknown> = {};
  if (l.url && l.transport !== 'stdio') {
    value.type = l.transport === 'http' ? 'streamable-http' : 'sse';
    value.url = render(l.url, r);
    const headers = record(l.headers, r);
    if (headers) value.headers = headers;
  }
  const stdio = stdioEntry(l, r);
  if (stdio) {
    if (l.url && l.transport !== 'stdio') value.start = stdio;
    else Object.assign(value, stdio);
  }
  if (l.download) value.download = l.download;
  return {
    client: 'generic',
    value,
    text: JSON.stringify(value, null, 2),
    ...(l.download ? { note: l.notes[0] } : {}),
  };
}

export function clientConfigs(l: Launch, name: string): ClientConfig[] {
  return [vscodeConfig(l, name), claudeConfig(l, name), cursorConfig(l, name), genericConfig(l)];
}

/** One shell line for a stdio command (shown beside the JSON, e.g. to start a local HTTP server). */
export function commandLine(l: Launch): string | undefined {
  if (!l.command) return undefined;
  const r = placeholder(l);
  const quote = (s: string): string =>
    /^[A-Za-z0-9_@%+=:,./<>-]+$/.test(s) && !/[<>]/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
  const env = l.env.map((e) => `${e.name}=${quote(render(e.value, r))}`);
  return [...env, l.command, ...l.args.map((a) => quote(render(a, r)))].join(' ');
}

function startNote(l: Launch): string {
  return `Start the server first: ${commandLine(l) ?? ''}`.trim();
}

function unavailableNote(l: Launch): string {
  if (l.download) return 'This is an MCP bundle (.mcpb): download it and open it with a client that installs bundles.';
  return `No configuration can be generated for this ${l.kind}.`;
}
