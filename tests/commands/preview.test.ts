import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

let cwd: string;
let dist: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'preview-cli-'));
  dist = join(cwd, 'dist');
  mkdirSync(dist);
  writeFileSync(join(cwd, 'a-file'), 'not a folder');
  busy = createServer();
  await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((ok) => busy.close(() => ok()));
  rmSync(cwd, { recursive: true, force: true });
});

/** A user mistake ends with one readable message, never a stack trace. */
function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('npm run preview: exit codes (a real process)', () => {
  it.each([['abc'], ['70000'], ['-1'], ['1e3'], ['']])('--port %j is a usage error: exit 2', (port) => {
    const r = cli(['preview', '--dir', dist, `--port=${port}`], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Usage error: --port must be a port number (0–65535), got "${port}".`);
    expectNoTrace(r.stderr);
  });

  it('a wrong registry.config.json is a configuration error: exit 2, naming the field', () => {
    const bad = mkdtempSync(join(tmpdir(), 'preview-config-'));
    try {
      writeFileSync(join(bad, 'registry.config.json'), JSON.stringify({ pageSize: 0 }));
      const r = cli(['preview', '--dir', dist], bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^Error: registry\.config\.json is not valid:\n {2}pageSize: /);
      expectNoTrace(r.stderr);
      writeFileSync(join(bad, 'registry.config.json'), '{ not json');
      const j = cli(['preview', '--dir', dist], bad);
      expect(j.status).toBe(2);
      expect(j.stderr).toMatch(/^Error: registry\.config\.json is not valid JSON: /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('a missing dist/ says to build first: exit 1', () => {
    const r = cli(['preview', '--dir', join(cwd, 'nothing-here')], cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`Error: ${join(cwd, 'nothing-here')} does not exist; run \`npm run build\` first.\n`);
  });

  it('a file given as --dir: exit 1', () => {
    const r = cli(['preview', '--dir', join(cwd, 'a-file')], cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*a-file is not a folder; serve the folder `npm run build` writes/);
  });

  it('a port already in use: exit 1, naming the port and what to change', () => {
    const r = cli(['preview', '--dir', dist, '--port', String(busyPort)], cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^Error: cannot serve on 127\\.0\\.0\\.1 port ${busyPort}: .*EADDRINUSE.*; choose another --port or --host\\.\\n$`,
      ),
    );
  });
});
