import { describe, it } from 'vitest';
import { base, check, expectProblem, ruleCases } from './helpers.ts';

const icon = (over: Record<string, unknown>) =>
  base({ icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'], ...over }] });

describe('icon rules', () => {
  ruleCases([
    {
      rule: 'icon-src',
      why: 'an http icon',
      pass: icon({}),
      fail: icon({ src: 'http://example.com/icon.png' }),
      jsonPath: '$.icons[0].src',
    },
    {
      rule: 'icon-mime-type',
      why: 'a gif',
      pass: icon({ mimeType: 'image/svg+xml', sizes: ['any'] }),
      fail: icon({ mimeType: 'image/gif' }),
      jsonPath: '$.icons[0].mimeType',
    },
    {
      rule: 'icon-sizes',
      why: 'a size "48"',
      pass: icon({ sizes: ['48x48', '96x96', 'any'] }),
      fail: icon({ sizes: ['48x48', '48'] }),
      jsonPath: '$.icons[0].sizes[1]',
    },
  ]);

  it.each(['icon.png', 'data:image/png;base64,AAAA', 'javascript:alert(1)'])('icon-src: %s is refused', (src) => {
    expectProblem(check(icon({ src })), 'icon-src', '$.icons[0].src');
  });

  it.each(['48X48', 'ANY', '48x', ' 48x48'])('icon-sizes: %s is refused', (size) => {
    expectProblem(check(icon({ sizes: [size] })), 'icon-sizes', '$.icons[0].sizes[0]');
  });
});
