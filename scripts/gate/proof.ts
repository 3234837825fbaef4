/** The proof record (scripts/artifacts/proof.ts) — the gate adds its own namespace proofs in the same shape. */
export type { Proof } from '../artifacts/proof.ts';
