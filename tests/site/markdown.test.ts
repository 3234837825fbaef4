/** Rendered docs on the site (site/src/lib/markdown.ts): links into the repository, tables and code in scroll boxes. */
import { describe, expect, it } from 'vitest';
import { repoLinks, scrollBoxes } from '../../site/src/lib/markdown.ts';

describe('scrollBoxes', () => {
  it('wraps tables and marks code blocks as focusable regions named after their section', () => {
    const html = [
      '<pre><code>before any heading</code></pre>',
      '<h2 id="pages">Pages &#x26; <code>paths</code></h2>',
      '<table><thead><tr><th>a</th></tr></thead></table>',
      '<pre class="astro-code" style="overflow-x: auto;" tabindex="0" data-language="sh"><code>npm ci</code></pre>',
      '<pre class="astro-code" tabindex="0"><code>npm test</code></pre>',
      '<h3>Say "hi"</h3><table class="x"><tr><td>1</td></tr></table>',
    ].join('\n');
    expect(scrollBoxes(html).split('\n')).toEqual([
      '<pre tabindex="0" role="region" aria-label="Code"><code>before any heading</code></pre>',
      '<h2 id="pages">Pages &#x26; <code>paths</code></h2>',
      '<div class="scroll" role="region" tabindex="0" aria-label="Table: Pages &#x26; paths"><table><thead><tr><th>a</th></tr></thead></table></div>',
      '<pre class="astro-code" style="overflow-x: auto;" data-language="sh" tabindex="0" role="region" aria-label="Code: Pages &#x26; paths"><code>npm ci</code></pre>',
      '<pre class="astro-code" tabindex="0" role="region" aria-label="Code: Pages &#x26; paths (2)"><code>npm test</code></pre>',
      '<h3>Say "hi"</h3><div class="scroll" role="region" tabindex="0" aria-label="Table: Say &quot;hi&quot;"><table class="x"><tr><td>1</td></tr></table></div>',
    ]);
  });

  it('leaves a doc without tables or code as it is', () => {
    const html = '<h1>Title</h1><p>Text with <code>inline code</code>.</p>';
    expect(scrollBoxes(html)).toBe(html);
  });
});

describe('repoLinks', () => {
  it('points relative links at the repository, leaves absolute ones and anchors', () => {
    expect(
      repoLinks(
        '<a href="rules.md">r</a> <a href="https://x.org/">x</a> <a href="#top">t</a>',
        'https://g/o/r',
        'main',
      ),
    ).toBe('<a href="https://g/o/r/blob/main/docs/rules.md">r</a> <a href="https://x.org/">x</a> <a href="#top">t</a>');
  });
});
