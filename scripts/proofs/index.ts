/** Domain namespace proofs: records, signatures, lookups. See docs/domain-proofs.md. */
export { namespaceDomain, domainNamespace, parseAuthRecord, keysFromRecords, formatAuthRecord } from './record.ts';
export {
  signatureFileFor,
  verifySignature,
  decodeSignature,
  signBytes,
  generateSigningKey,
  publicKeyFromRaw,
} from './signature.ts';
export {
  lookupDomainKeys,
  judgeDomainNamespace,
  verifyDomainNamespace,
  keyGrants,
  dnsCandidates,
  WELL_KNOWN_PATH,
  WELL_KNOWN_MAX_BYTES,
  type DomainKey,
  type DomainLookup,
  type SignedDocument,
} from './domain.ts';
