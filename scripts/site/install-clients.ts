/**
 * Step 2 of the install configurations (pure, no I/O): a launch plan from `install-plan.ts` rendered for one
 * client. VS Code `mcp.json` turns inputs into `${input:id}` prompts (secrets as password prompts); Claude Desktop,
 * Cursor and the generic command/args/env form write in a default value or an `<id>` placeholder.
 *
 * `CLIENTS` is the one list of clients: the site shows them in its order and `clientConfigs` renders every one.
 */
import type { Launch, Template } from './install-plan.ts';

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
  /** A link that installs the server in the client directly, for clients that have one. */
  link?(l: Launch, name: string): string | undefined;
}

export const CLIENTS: readonly Client[] = [
  { id: 'vscode', label: 'VS Code', file: '.vscode/mcp.json', render: vscodeConfig, link: vscodeInstallLink },
  { id: 'claude', label: 'Claude Desktop', file: 'claude_desktop_config.json', render: claudeConfig },
  { id: 'cursor', label: 'Cursor', file: '.cursor/mcp.json', render: cursorConfig },
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

/** How a client writes a template: its literal text, and a reference to an input. */
interface Syntax {
  text(s: string): string;
  input(id: string): string;
}

function render(t: Template, s: Syntax): string {
  return t.map((p) => (typeof p === 'string' ? s.text(p) : s.input(p.input))).join('');
}

const asIs = (s: string): string => s;

const vscodeSyntax: Syntax = { text: asIs, input: (id) => `\${input:${id}}` };

/** Outside VS Code there are no prompts: a default value is written in, anything else is a `<placeholder>`. */
function placeholders(l: Launch): Syntax {
  return {
    text: asIs,
    input: (id) => {
      const input = l.inputs.find((i) => i.id === id);
      return input?.default !== undefined && !input.secret ? input.default : `<${id}>`;
    },
  };
}

function record(list: Array<{ name: string; value: Template }>, s: Syntax): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of list) out[e.name] = render(e.value, s);
  return out;
}

function stdioEntry(l: Launch, s: Syntax): Record<string, unknown> | undefined {
  if (!l.command) return undefined;
  const env = record(l.env, s);
  return { command: l.command, args: l.args.map((a) => render(a, s)), ...(env ? { env } : {}) };
}

/** A client's result: the value as pretty JSON, or why there is none. */
function config(client: ClientId, l: Launch, value: unknown, note?: string): ClientConfig {
  if (value === undefined) return { client, note: unavailableNote(l) };
  return { client, value, text: JSON.stringify(value, null, 2), ...(note ? { note } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// The clients

/** The entry for `servers.<key>` in VS Code's mcp.json. */
export function vscodeServer(l: Launch): Record<string, unknown> | undefined {
  const s = vscodeSyntax;
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, s);
    return { type: l.transport, url: render(l.url, s), ...(headers ? { headers } : {}) };
  }
  const stdio = stdioEntry(l, s);
  return stdio && { type: 'stdio', ...stdio };
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
  const inputs = vscodeInputs(l);
  const value = server && { ...(inputs.length ? { inputs } : {}), servers: { [serverKey(name)]: server } };
  return config('vscode', l, value, l.command && l.url ? startNote(l) : undefined);
}

/** `vscode:mcp/install?{json}`: VS Code's own install handler, same JSON as `code --add-mcp`. */
export function vscodeInstallLink(l: Launch, name: string): string | undefined {
  const server = vscodeServer(l);
  if (!server) return undefined;
  const inputs = vscodeInputs(l);
  const payload = { name: serverKey(name), ...server, ...(inputs.length ? { inputs } : {}) };
  return `vscode:mcp/install?${encodeURIComponent(JSON.stringify(payload))}`;
}

function envName(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function claudeConfig(l: Launch, name: string): ClientConfig {
  const s = placeholders(l);
  if (l.transport !== 'stdio' && l.url) {
    // Claude Desktop's config file starts commands only; mcp-remote bridges to an HTTP server.
    const args = ['-y', 'mcp-remote', render(l.url, s)];
    const env: Record<string, string> = {};
    for (const h of l.headers) {
      args.push('--header', `${h.name}:\${${envName(h.name)}}`);
      env[envName(h.name)] = render(h.value, s);
    }
    if (l.transport === 'sse') args.push('--transport', 'sse-only');
    const entry = { command: 'npx', args, ...(Object.keys(env).length ? { env } : {}) };
    return config(
      'claude',
      l,
      { mcpServers: { [serverKey(name)]: entry } },
      'Claude Desktop reaches HTTP servers through the mcp-remote bridge (or add it under Settings → Connectors).',
    );
  }
  const entry = stdioEntry(l, s);
  return config('claude', l, entry && { mcpServers: { [serverKey(name)]: entry } });
}

export function cursorConfig(l: Launch, name: string): ClientConfig {
  const s = placeholders(l);
  let entry: Record<string, unknown> | undefined;
  if (l.transport !== 'stdio' && l.url) {
    const headers = record(l.headers, s);
    entry = { url: render(l.url, s), ...(headers ? { headers } : {}) };
  } else {
    entry = stdioEntry(l, s);
  }
  return config('cursor', l, entry && { mcpServers: { [serverKey(name)]: entry } });
}

/** The plain form any client understands: a command with args and env, or a transport type with URL and headers. */
export function genericConfig(l: Launch): ClientConfig {
  const s = placeholders(l);
  const value: Record<string, unknown> = {};
  if (l.url && l.transport !== 'stdio') {
    value.type = l.transport === 'http' ? 'streamable-http' : 'sse';
    value.url = render(l.url, s);
    const headers = record(l.headers, s);
    if (headers) value.headers = headers;
  }
  const stdio = stdioEntry(l, s);
  if (stdio) {
    if (l.url && l.transport !== 'stdio') value.start = stdio;
    else Object.assign(value, stdio);
  }
  if (l.download) value.download = l.download;
  return config('generic', l, value, l.download ? l.notes[0] : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Shell command and notes

/** One shell line for a stdio command (shown beside the JSON, e.g. to start a local HTTP server). */
export function commandLine(l: Launch): string | undefined {
  if (!l.command) return undefined;
  const s = placeholders(l);
  const quote = (v: string): string =>
    /^[A-Za-z0-9_@%+=:,./<>-]+$/.test(v) && !/[<>]/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
  const env = l.env.map((e) => `${e.name}=${quote(render(e.value, s))}`);
  return [...env, l.command, ...l.args.map((a) => quote(render(a, s)))].join(' ');
}

function startNote(l: Launch): string {
  return `Start the server first: ${commandLine(l) ?? ''}`.trim();
}

function unavailableNote(l: Launch): string {
  if (l.download) return 'This is an MCP bundle (.mcpb): download it and open it with a client that installs bundles.';
  return `No configuration can be generated for this ${l.kind}.`;
}
