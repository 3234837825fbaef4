/**
 * Ed25519 signatures over the exact bytes of a server.json, committed beside it as
 * `server.json.sig` (hex, 128 digits; base64 also accepted; surrounding whitespace ignored). Pure.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Any signed document's signature lives beside it: `<file>.sig` (server.json.sig, owners.json.sig). */
export function signatureFileFor(file: string): string {
  return `${file}.sig`;
}

/** SPKI DER prefix of an Ed25519 public key: the raw 32 bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  const der = key.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.byteLength - 32));
}

/** The signature file's text → 64 signature bytes, or undefined when it is neither hex nor base64 of 64 bytes. */
export function decodeSignature(text: string | Uint8Array): Uint8Array | undefined {
  const s = (typeof text === 'string' ? text : new TextDecoder().decode(text)).trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{128}$/.test(s)) bytes = Buffer.from(s, 'hex');
  else if (/^[A-Za-z0-9+/]{86}==$/.test(s)) bytes = Buffer.from(s, 'base64');
  return bytes && bytes.byteLength === 64 ? new Uint8Array(bytes) : undefined;
}

/**
 * Does `signature` sign exactly `bytes` under one of `publicKeys` (raw 32-byte Ed25519 keys)?
 * Returns the index of the key that verifies, or -1.
 */
export function verifySignature(
  bytes: Uint8Array,
  signature: string | Uint8Array,
  publicKeys: readonly Uint8Array[],
): number {
  const sig = typeof signature === 'string' || signature.byteLength !== 64 ? decodeSignature(signature) : signature;
  if (!sig) return -1;
  for (let i = 0; i < publicKeys.length; i++) {
    const key = publicKeys[i]!;
    if (key.byteLength !== 32) continue;
    try {
      if (verify(null, bytes, publicKeyFromRaw(key), sig)) return i;
    } catch {
      // A malformed key verifies nothing.
    }
  }
  return -1;
}

/** Hex signature of `bytes` with a PEM (PKCS#8) Ed25519 private key. */
export function signBytes(bytes: Uint8Array, privateKeyPem: string): { signatureHex: string; publicKey: Uint8Array } {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`the key is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  const signature = sign(null, bytes, key);
  return { signatureHex: signature.toString('hex'), publicKey: rawPublicKey(createPublicKey(key)) };
}

export function generateSigningKey(): { privateKeyPem: string; publicKey: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey),
  };
}
