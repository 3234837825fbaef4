/**
 * `npm run sign -- <file> --key <private key PEM>`: writes `<file>.sig` (hex Ed25519 signature over the
 * file's exact bytes) and prints the DNS / well-known record for the matching public key.
 * `npm run sign -- --generate-key <private key PEM> [<file>]`: creates an Ed25519 key first (never overwrites).
 * The whole flow is in docs/domain-proofs.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError, UserError } from '../core/errors.ts';
import { WELL_KNOWN_PATH } from '../proofs/domain.ts';
import { formatAuthRecord, namespaceDomain } from '../proofs/record.ts';
import { generateSigningKey, signatureFileFor, signBytes } from '../proofs/signature.ts';
import { parseCommandArgs, showUsage } from './args.ts';

const USAGE = `Usage:
  npm run sign -- <server.json> --key <private-key.pem>        write <server.json>.sig and print the record
  npm run sign -- --generate-key <private-key.pem> [<server.json>]  create an Ed25519 key (and sign)`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { key: { type: 'string' }, 'generate-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  if (values.help) return showUsage(USAGE);
  if (positionals.length > 1) throw new UsageError(`Give one file to sign.\n${USAGE}`);
  const file = positionals[0];
  const generate = values['generate-key'];
  if (generate && values.key) throw new UsageError(`Use either --key or --generate-key.\n${USAGE}`);
  if (!generate && !values.key) throw new UsageError(`--key <private-key.pem> is required.\n${USAGE}`);
  if (!generate && !file) throw new UsageError(`Name the file to sign.\n${USAGE}`);

  let pem: string;
  let keyFile: string;
  if (generate) {
    if (existsSync(generate)) throw new UserError(`${generate} already exists; refusing to overwrite a key.`);
    const key = generateSigningKey();
    writeFileSync(generate, key.privateKeyPem, { mode: 0o600 });
    process.stdout.write(`Wrote a new Ed25519 private key to ${generate} (keep it secret; never commit it).\n`);
    pem = key.privateKeyPem;
    keyFile = generate;
  } else {
    keyFile = values.key!;
    try {
      pem = readFileSync(keyFile, 'utf8');
    } catch (e) {
      throw new UserError(`Cannot read the key ${keyFile}: ${(e as Error).message}`);
    }
  }

  let publicKey: Uint8Array;
  let namespace: string | undefined;
  if (file) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new UserError(`Cannot read ${file}: ${(e as Error).message}`);
    }
    let signed: ReturnType<typeof signBytes>;
    try {
      signed = signBytes(bytes, pem);
    } catch (e) {
      throw new UserError(`${keyFile} is not a usable Ed25519 private key (PEM, PKCS#8): ${(e as Error).message}`);
    }
    publicKey = signed.publicKey;
    const sigFile = signatureFileFor(file);
    writeFileSync(sigFile, `${signed.signatureHex}\n`);
    process.stdout.write(
      `Wrote ${sigFile} (signature over the exact ${bytes.byteLength} bytes of ${file}; commit it beside the file, and re-sign after any edit).\n`,
    );
    namespace = namespaceOf(bytes, file);
  } else {
    publicKey = signBytes(new Uint8Array(0), pem).publicKey;
  }

  const record = formatAuthRecord(publicKey);
  const domain = namespace ? namespaceDomain(namespace) : undefined;
  if (domain) {
    process.stdout.write(
      `\nPublish this record for ${namespace} (domain ${domain}), ONE of:\n` +
        `  DNS TXT record at ${domain} (grants ${namespace} and ${namespace}.* sub-namespaces):\n    ${record}\n` +
        `  or the file https://${domain}${WELL_KNOWN_PATH} (HTTP 200, no redirect; grants exactly ${namespace}):\n    ${record}\n`,
    );
  } else {
    if (namespace)
      process.stdout.write(
        `\nNote: ${namespace} is not a domain namespace; io.github.* namespaces are proven by the PR author, not by a key.\n`,
      );
    process.stdout.write(
      `\nRecord for this key (DNS TXT at your domain, or https://<domain>${WELL_KNOWN_PATH}):\n  ${record}\n`,
    );
  }
  return 0;
}

/** The namespace a signed file belongs to: the server.json name, else the servers/<namespace>/ path part. */
function namespaceOf(bytes: Uint8Array, file: string): string | undefined {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown };
    if (typeof doc.name === 'string' && doc.name.includes('/')) return doc.name.split('/')[0];
  } catch {
    // not JSON: fall back to the path
  }
  return file.replace(/\\/g, '/').match(/(?:^|\/)servers\/([^/]+)\//)?.[1];
}
