/** A small, strict argument parser: known flags only, a clear usage error otherwise. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export function parseCommandArgs<S extends Spec>(argv: string[], options: S, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`);
  }
}

/** `--help`: print the usage; the command then exits 0. */
export function showUsage(usage: string): number {
  process.stdout.write(`${usage}\n`);
  return 0;
}

/** For commands that take flags only: a stray word is a usage error (exit 2), never silently ignored. */
export function noPositionals(positionals: readonly string[], usage: string): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".\n${usage}`);
}

/** `--port`: digits only, 0–65535 (0: any free port); absent, `fallback`. */
export function parsePort(value: string | undefined, fallback: number, usage: string): number {
  if (value === undefined) return fallback;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--port must be a port number (0–65535), got "${value}".\n${usage}`);
  return port;
}
