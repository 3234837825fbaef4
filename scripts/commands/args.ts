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
