/**
 * Step 2 of the install configurations (pure, no I/O): a launch plan from `install-plan.ts` rendered for one
 * client. VS Code `mcp.json` turns inputs into `${input:id}` prompts (secrets as password prompts); Claude Desktop,
 * Cursor and the generic command/args/env form write in a default value, an `<id>` placeholder, or an empty value
 * for an optional variable; Cursor reads secrets from the environment (`${env:NAME}`).
 *
 * `CLIENTS` is the one list of clients: the site shows them in its order and `clientConfigs` renders every one.
 *
 * What a snippet may contain: every client substitutes `${…}` in the strings of a server's launch (docs/site.md says
 * which, where, and where that was read) and none has an escape, so a finished string holding any `${` other than
 * VS Code's own `${input:id}` (and Cursor's `${env:NAME}` for secrets) is never shown: the client's configuration
 * is withheld with a note. So are names that are not identifiers (environment variables, headers) and text with
 * control or invisible characters. The gate refuses all of these (rules env-var-name, header-name,
 * client-substitution); this is the same judgement again for data that reached the site some other way.
 */
import { INVISIBLE, isEnvVarName, isHeaderName } from '../rules/identifiers.ts';
import { SUBSTITUTION_OPEN } from '../rules/substitution.ts';
import type { InputSpec, Launch, Template } from './install-plan.ts';
import { shellQuote } from './shell-quote.ts';

export type ClientId = 'vscode' | 'claude' | 'cursor' | 'generic';

export interface ClientConfig {
  client: ClientId;
  /** The configuration as an object (undefined when this client cannot use this launch). */
  value?: unknown;
  /** Pretty JSON of `value`, ready to paste. */
  text?: string;
  /** Why there is no configuration, or what to do besides pasting it. */
  note?: string;
}

export interface Client {
  id: ClientId;
  label: string;
  /** Where the configuration goes. */
  file: string;
  render(l: Launch, name: string): ClientConfig;
  /**
   * A link that installs the server in the client directly, for clients that have one. `rendered` is this client's
   * configuration of the launch when the caller has it already (the server page does), so it is not rendered again.
   */
  link?(l: Launch, name: string, rendered?: ClientConfig): string | undefined;
  /** What the link's button says. */
  linkText?: string;
}

export const CLIENTS: readonly Client[] = [
  {
    id: 'vscode',
    label: 'VS Code',
    file: '.vscode/mcp.json',
    render: vscodeConfig,
    link: vscodeInstallLink,
    linkText: 'Install in VS Code',
  },
  { id: 'claude', label: 'Claude Desktop', file: 'claude_desktop_config.json', render: claudeConfig },
  {
    id: 'cursor',
    label: 'Cursor',
    file: '.cursor/mcp.json',
    render: cursorConfig,
    link: cursorInstallLink,
    linkText: 'Add to Cursor',
  },
  { id: 'generic', label: 'Command / URL', file: 'any MCP client', render: genericConfig },
];

export function clientConfigs(l: Launch, name: string): ClientConfig[] {
  return CLIENTS.map((c) => c.render(l, name));
}

/** The key a server gets in a client's configuration: the part of the name after the slash. */
export function serverKey(name: string): string {
  return name.slice(name.indexOf('/') + 1) || name;
}

// ---------------------------------------------------------------------------------------------------------------
// Templates in each client's syntax

/** A snippet that must not be shown; the message says why, for the note shown instead. */
class Withheld extends Error {}

/**
 * How a client writes a template: its literal text, and a reference to an input. No client has an escape for its
 * own `${…}`, so literal text is written as it is and the finished string is checked instead (a `${` can also form
 * where two pieces meet: `x$` and a default `{…}`).
 */
interface Syntax {
  text(s: string): string;
  /**
   * A reference to an input: data written in (a default, a `<placeholder>`), or `{ own }`, the client's own
   * substitution (VS Code's `${input:id}`, Cursor's `${env:NAME}` for secrets).
   */
  input(id: string): string | { own: string };
}

function render(t: Template, s: Syntax): string {
  let out = '';
  const own = new Set<number>();
  for (const p of t) {
    if (typeof p === 'string') {
      out += s.text(p);
      continue;
    }
    const ref = s.input(p.input);
    if (typeof ref === 'string') out += ref;
    else {
      own.add(out.length);
      out += ref.own;
    }
  }
  return plain(out, own);
}

/** The string, when no client would substitute or misread it; `own` are the offsets of our own `${input:…}`. */
function plain(out: string, own: ReadonlySet<number> = new Set()): string {
  for (let i = out.indexOf(SUBSTITUTION_OPEN); i >= 0; i = out.indexOf(SUBSTITUTION_OPEN, i + 1)) {
    if (!own.has(i))
      throw new Withheld(
        `Not shown: the server's data contains "\${", which this client would replace with a value from your machine (an environment variable, a setting, a stored secret). The registry refuses such entries; please report this one.`,
      );
  }
  if (INVISIBLE.test(out)) throw new Withheld(invisibleNote);
  return out;
}

const invisibleNote =
  "Not shown: the server's data contains control or invisible characters, which can make a snippet read differently from what runs.";

/** A key of `env` or `headers`: a name, never anything a client or a shell could read as more. */
function key(name: string, kind: 'env' | 'header'): string {
  if (kind === 'env' ? !isEnvVarName(name) : !isHeaderName(name))
    throw new Withheld(
      `Not shown: ${JSON.stringify(name)} is not ${kind === 'env' ? 'an environment variable name' : 'an HTTP header name'}.`,
    );
  return name;
}

const asIs = (s: string): string => s;

const vscodeSyntax: Syntax = { text: asIs, input: (id) => ({ own: `\${input:${id}}` }) };

/**
 * Outside VS Code there are no prompts: a default value is written in, an optional variable or header is left
 * empty for the user to fill or leave, anything else is a `<placeholder>`.
 */
function placeholder(l: Launch, id: string): string {
  const input = l.inputs.find((i) => i.id === id);
  if (input?.default !== undefined && !input.secret) return input.default;
  return input?.blank ? '' : `<${id}>`;
}

function placeholders(l: Launch): Syntax {
  return { text: asIs, input: (id) => placeholder(l, id) };
}

function record(
  list: Array<{ name: string; value: Template }>,
  kind: 'env' | 'header',
  s: Syntax,
): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of list) out[key(e.name, kind)] = render(e.value, s);
  return out;
}

function stdioEntry(l: Launch, s: Syntax): Record<string, unknown> | undefined {
  if (!l.command) return undefined;
  const env = record(l.env, 'env', s);
  return { command: l.command, args: l.args.map((a) => render(a, s)), ...(env ? { env } : {}) };
}

/** A client's result: the value as pretty JSON, or why there is none. */
function config(client: ClientId, l: Launch, value: unknown, note?: string): ClientConfig {
  if (value === undefined) return { client, note: unavailableNote(l) };
  return { client, value, text: JSON.stringify(value, null, 2), ...(note ? { note } : {}) };
}

/** A client's configuration, or the note saying why it is withheld. */
function guarded(client: ClientId, build: () => ClientConfig): ClientConfig {
  try {
    return build();
  } catch (err) {
    if (err instanceof Withheld) return { client, note: err.message };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The clients

/** The entry for `servers.<key>` in VS Code's mcp.json. */
function vscodeServer(l: Launch): Record<string, unknown> | undefined {
  const s = vscodeSyntax;
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, 'header', s);
    return { type: l.transport, url: render(l.url, s), ...(headers ? { headers } : {}) };
  }
  const stdio = stdioEntry(l, s);
  return stdio && { type: 'stdio', ...stdio };
}

/**
 * VS Code input definitions: secrets as password prompts, choices as pick lists. VS Code does not substitute in
 * these, but an accepted default or choice lands in the launch, so they are held to the same standard.
 */
function vscodeInputs(l: Launch): Array<Record<string, unknown>> {
  return l.inputs.map((i) => {
    const initial = i.default !== undefined ? { default: plain(i.default) } : {};
    return i.choices
      ? {
          type: 'pickString',
          id: i.id,
          description: i.description,
          options: i.choices.map((c) => plain(c)),
          ...initial,
        }
      : {
          type: 'promptString',
          id: i.id,
          description: i.description,
          ...(i.secret ? { password: true } : {}),
          ...initial,
        };
  });
}

export function vscodeConfig(l: Launch, name: string): ClientConfig {
  return guarded('vscode', () => {
    const server = vscodeServer(l);
    // Only the inputs this entry refers to: a local HTTP server's command (and its inputs) is started by hand.
    const used = JSON.stringify(server ?? {});
    const inputs = vscodeInputs(l).filter((i) => used.includes(`\${input:${i.id}}`));
    const value = server && { ...(inputs.length ? { inputs } : {}), servers: { [plain(serverKey(name))]: server } };
    return config('vscode', l, value, l.command && l.url ? startNote(l) : undefined);
  });
}

/** `vscode:mcp/install?{json}`: VS Code's own install handler, same JSON as `code --add-mcp`. */
export function vscodeInstallLink(l: Launch, name: string, c = vscodeConfig(l, name)): string | undefined {
  if (!c.value) return undefined;
  const { inputs, servers } = c.value as { inputs?: unknown[]; servers: Record<string, object> };
  const [[serverName, server]] = Object.entries(servers) as [[string, object]];
  const payload = { name: serverName, ...server, ...(inputs ? { inputs } : {}) };
  return `vscode:mcp/install?${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * The variable that carries a header's value to mcp-remote. Prefixed, so a header named like a variable that
 * changes how npx or Node run (`NPM_CONFIG_REGISTRY`, `NODE_OPTIONS`, `PATH`) can never set it.
 */
function headerVariable(header: string, used: Set<string>): string {
  const base = `MCP_HEADER_${header.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}

export function claudeConfig(l: Launch, name: string): ClientConfig {
  return guarded('claude', () => {
    const s = placeholders(l);
    const serverName = plain(serverKey(name));
    if (l.transport !== 'stdio' && l.url) {
      // Claude Desktop's config file starts commands only; mcp-remote bridges to an HTTP server. mcp-remote reads
      // `${VAR}` in a --header value from its environment: the value travels there, under our own variable.
      const url = render(l.url, s);
      if (!/^https?:\/\//.test(url)) throw new Withheld(`Not shown: ${JSON.stringify(url)} is not an http(s) URL.`);
      const args = ['-y', 'mcp-remote', url];
      const env: Record<string, string> = {};
      const used = new Set<string>();
      for (const h of l.headers) {
        const variable = headerVariable(key(h.name, 'header'), used);
        args.push('--header', `${h.name}:\${${variable}}`);
        env[variable] = render(h.value, s);
      }
      if (l.transport === 'sse') args.push('--transport', 'sse-only');
      const entry = { command: 'npx', args, ...(Object.keys(env).length ? { env } : {}) };
      return config(
        'claude',
        l,
        { mcpServers: { [serverName]: entry } },
        'Claude Desktop reaches HTTP servers through the mcp-remote bridge (or add it under Settings → Connectors).',
      );
    }
    const entry = stdioEntry(l, s);
    return config('claude', l, entry && { mcpServers: { [serverName]: entry } });
  });
}

/**
 * The variable Cursor reads a secret from (`${env:NAME}`, cursor.com/docs/mcp, config interpolation): an
 * environment variable's own name, else one made from the input's id.
 */
export function cursorSecretVariable(input: InputSpec): string {
  if (input.env && isEnvVarName(input.env)) return input.env;
  return `MCP_${input.id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Cursor writes secrets as `${env:NAME}`, read from the environment Cursor runs in, never into the file. */
function cursorSyntax(l: Launch): Syntax {
  return {
    text: asIs,
    input: (id) => {
      const input = l.inputs.find((i) => i.id === id);
      return input?.secret ? { own: `\${env:${cursorSecretVariable(input)}}` } : placeholder(l, id);
    },
  };
}

function cursorSecretNote(l: Launch): string | undefined {
  const names = [...new Set(l.inputs.filter((i) => i.secret).map(cursorSecretVariable))];
  if (!names.length) return undefined;
  return `Cursor reads the secret${names.length > 1 ? 's' : ''} from the environment it starts in: set ${names.join(', ')} there before starting Cursor.`;
}

/** The entry for `mcpServers.<key>` in Cursor's mcp.json. */
function cursorServer(l: Launch): Record<string, unknown> | undefined {
  const s = cursorSyntax(l);
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, 'header', s);
    return { url: render(l.url, s), ...(headers ? { headers } : {}) };
  }
  return stdioEntry(l, s);
}

export function cursorConfig(l: Launch, name: string): ClientConfig {
  return guarded('cursor', () => {
    const entry = cursorServer(l);
    const notes = [l.command && l.url ? startNote(l) : undefined, cursorSecretNote(l)].filter(Boolean);
    return config(
      'cursor',
      l,
      entry && { mcpServers: { [plain(serverKey(name))]: entry } },
      notes.length ? notes.join(' ') : undefined,
    );
  });
}

/**
 * Cursor's install link (cursor.com/docs/mcp/install-links): `cursor://anysphere.cursor-deeplink/mcp/install?
 * name=<name>&config=<base64 of the server's entry as in mcp.json>`.
 */
export function cursorInstallLink(l: Launch, name: string, c = cursorConfig(l, name)): string | undefined {
  if (!c.value) return undefined;
  const [[serverName, entry]] = Object.entries((c.value as { mcpServers: Record<string, object> }).mcpServers) as [
    [string, object],
  ];
  const config = Buffer.from(JSON.stringify(entry), 'utf8').toString('base64');
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${encodeURIComponent(serverName)}&config=${encodeURIComponent(config)}`;
}

/**
 * The plain form any client understands: a command with args and env, or a transport type with URL and headers.
 * Held to the same standard as the named clients: other clients substitute `${VAR}` too (Claude Code's .mcp.json).
 */
export function genericConfig(l: Launch): ClientConfig {
  return guarded('generic', () => {
    const s = placeholders(l);
    const value: Record<string, unknown> = {};
    if (l.url && l.transport !== 'stdio') {
      value.type = l.transport === 'http' ? 'streamable-http' : 'sse';
      value.url = render(l.url, s);
      const headers = record(l.headers, 'header', s);
      if (headers) value.headers = headers;
    }
    const stdio = stdioEntry(l, s);
    if (stdio) {
      if (l.url && l.transport !== 'stdio') value.start = stdio;
      else Object.assign(value, stdio);
    }
    if (l.download) value.download = plain(l.download);
    return config('generic', l, value, l.download ? l.notes[0] : undefined);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Shell command and notes

/**
 * One shell line for a stdio command (shown beside the JSON, e.g. to start a local HTTP server): `NAME=value …
 * command args…`, every piece quoted by `shellQuote`, or undefined when no line can say exactly what the
 * configurations say (a name that is not a variable name, a control or invisible character, which no quoting
 * makes visible).
 */
export function commandLine(l: Launch): string | undefined {
  const line = shellLine(l);
  return line instanceof Withheld ? undefined : line;
}

function shellLine(l: Launch): string | Withheld | undefined {
  if (!l.command) return undefined;
  const text = (t: Template): string => {
    const out = t.map((p) => (typeof p === 'string' ? p : placeholder(l, p.input))).join('');
    if (INVISIBLE.test(out)) throw new Withheld(invisibleNote);
    return shellQuote(out);
  };
  try {
    // The name stays unquoted (a quoted name is a command word), so it must be a variable name.
    const env = l.env.map((e) => `${key(e.name, 'env')}=${text(e.value)}`);
    return [...env, shellQuote(l.command), ...l.args.map(text)].join(' ');
  } catch (err) {
    if (err instanceof Withheld) return err;
    throw err;
  }
}

function startNote(l: Launch): string {
  const line = shellLine(l);
  if (line instanceof Withheld)
    return `Start the server first; its command is ${line.message.replace(/^Not shown: /, 'not shown: ')}`;
  return `Start the server first: ${line ?? ''}`.trim();
}

function unavailableNote(l: Launch): string {
  if (l.download) return 'This is an MCP bundle (.mcpb): download it and open it with a client that installs bundles.';
  return `No configuration can be generated for this ${l.kind}.`;
}
