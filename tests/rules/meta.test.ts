import { describe, it } from 'vitest';
import { base, check, expectClean, expectProblem, ruleCases } from './helpers.ts';

const PP = 'io.modelcontextprotocol.registry/publisher-provided';
const PP_PATH = '$._meta["io.modelcontextprotocol.registry/publisher-provided"]';
/** Publisher-provided value whose compact JSON is exactly `bytes` bytes: {"pad":"…"}. */
const sized = (bytes: number, ch = 'x') => ({ pad: ch.repeat((bytes - 10) / new TextEncoder().encode(ch).length) });

describe('_meta rules', () => {
  ruleCases([
    {
      rule: 'meta-key',
      why: 'an unknown _meta key (warning)',
      pass: base({ _meta: { [PP]: { tool: 'x' } } }),
      fail: base({ _meta: { 'com.example/extra': {} } }),
      jsonPath: '$._meta["com.example/extra"]',
      severity: 'warning',
    },
    {
      rule: 'meta-size',
      why: '4097 bytes of publisher-provided JSON',
      pass: base({ _meta: { [PP]: sized(4096) } }),
      fail: base({ _meta: { [PP]: sized(4097) } }),
      jsonPath: PP_PATH,
    },
  ]);

  it('meta-size counts UTF-8 bytes, not characters', () => {
    expectClean(check(base({ _meta: { [PP]: sized(4096, 'é') } })).problems, 'meta-size');
    expectProblem(check(base({ _meta: { [PP]: sized(4098, 'é') } })), 'meta-size', PP_PATH);
  });

  it('meta-key: a publisher may not write the official key', () => {
    expectProblem(
      check(base({ _meta: { 'io.modelcontextprotocol.registry/official': {} } })),
      'meta-key',
      '$._meta["io.modelcontextprotocol.registry/official"]',
      'warning',
    );
  });
});
