import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../scripts/validate/document.ts';
import { bytes, defaultConfig, exampleDocuments, seedDocuments } from '../helpers/docs.ts';

const config = defaultConfig();

describe('official documents are valid', () => {
  const examples = exampleDocuments();
  it('there are 16 reference examples', () => expect(examples).toHaveLength(16));
  it.each(examples)('$file', ({ file, text }) => {
    const result = validateDocument(bytes(text), file, config);
    expect(result.problems).toEqual([]);
    expect(result.document?.name).toMatch(/\//);
  });
  it.each(seedDocuments().map((d) => ({ name: `${d.name}@${d.version}`, d })))('seed $name', ({ d }) => {
    expect(validateDocument(bytes(d), 'seed.json', config).problems).toEqual([]);
  });
});
