/** The loopback fakes live in scripts/testing/fakes/ (the gate benchmark runs them too); tests import them here. */
export * from '../../scripts/testing/fakes/index.ts';
