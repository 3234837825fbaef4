/**
 * A test certificate authority generated in the test (never committed): fakes serve certificates it
 * issues, and the code under test trusts it only through config.network.testing.extraCaFile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface TestCa {
  /** PEM of the CA certificate. */
  cert: string;
  /** Path of a file holding `cert` (what config.network.testing.extraCaFile points at). */
  file: string;
  /** A server key and certificate for these host names / IP addresses, signed by the CA. */
  issue(names: readonly string[]): Promise<{ key: string; cert: string }>;
}

let shared: Promise<TestCa> | undefined;

/** One CA per test process (key generation is the slow part). */
export function testCa(): Promise<TestCa> {
  shared ??= createTestCa();
  return shared;
}

export async function createTestCa(): Promise<TestCa> {
  const ca = await generate([{ name: 'commonName', value: 'mcp-registry test CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const file = join(mkdtempSync(join(tmpdir(), 'mcp-test-ca-')), 'ca.pem');
  writeFileSync(file, ca.cert);
  const issued = new Map<string, Promise<{ key: string; cert: string }>>();
  return {
    cert: ca.cert,
    file,
    issue(names) {
      const all = [...new Set(['localhost', '127.0.0.1', '::1', ...names])];
      const id = all.join(',');
      let p = issued.get(id);
      if (!p) {
        p = generate([{ name: 'commonName', value: all[0]! }], {
          keyType: 'ec',
          curve: 'P-256',
          algorithm: 'sha256',
          ca: { key: ca.private, cert: ca.cert },
          extensions: [
            { name: 'basicConstraints', cA: false },
            { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
            { name: 'extKeyUsage', serverAuth: true },
            {
              name: 'subjectAltName',
              altNames: all.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
            },
          ],
        }).then((r) => ({ key: r.private, cert: r.cert }));
        issued.set(id, p);
      }
      return p;
    },
  };
}
