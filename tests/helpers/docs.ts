/** Shared test material: the official example documents and the seed, and a default config. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type RegistryConfig } from '../../scripts/config/config.ts';
import type { ServerJson } from '../../scripts/core/types.ts';

export const REFERENCE = join(import.meta.dirname, '../fixtures/reference');
export const REPO_ROOT = join(import.meta.dirname, '../..');

export function defaultConfig(): RegistryConfig {
  return parseConfig({});
}

export function exampleDocuments(): Array<{ file: string; text: string }> {
  const dir = join(REFERENCE, 'server-json-examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
}

export function seedDocuments(): ServerJson[] {
  return JSON.parse(readFileSync(join(REFERENCE, 'seed.json'), 'utf8')) as ServerJson[];
}

export function bytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

/** A small valid document to mutate in tests. */
export function validDoc(overrides: Partial<ServerJson> = {}): ServerJson {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: 'io.github.alice/weather',
    description: 'Weather forecasts for any city.',
    version: '1.0.0',
    packages: [
      { registryType: 'npm', identifier: '@alice/weather-mcp', version: '1.0.0', transport: { type: 'stdio' } },
    ],
    ...overrides,
  };
}
