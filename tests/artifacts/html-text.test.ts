import { describe, expect, it } from 'vitest';
import { htmlText } from '../../scripts/artifacts/html-text.ts';
import { hasMcpNameMarker } from '../../scripts/artifacts/marker.ts';

const NAME = 'io.github.alice/weather';
const proves = (html: string): boolean => hasMcpNameMarker(htmlText(html), NAME);

describe('htmlText: the text a reader sees', () => {
  it('drops tags, keeps text, and breaks lines at block elements only', () => {
    expect(htmlText('<h1>Weather</h1><p>Fast <em>and</em> small.</p><p>Second</p>')).toBe(
      '\nWeather\n\nFast and small.\n\nSecond\n',
    );
    expect(htmlText('a<br>b<br/>c')).toBe('a\nb\nc');
  });

  it('decodes numeric and the marker-spelling named references; leaves others as written', () => {
    expect(htmlText('mcp&#45;name&colon; io&period;github&#x2E;alice&sol;weather &amp; &lt;b&gt;')).toBe(
      'mcp-name: io.github.alice/weather & <b>',
    );
    expect(htmlText('&copy; &constructor; &#0; &#xD800; &#1114112;')).toBe('&copy; &constructor; \ufffd \ufffd \ufffd');
    expect(htmlText('&nbsp;')).toBe('\u00a0');
  });

  it('drops comments in every form the HTML parser knows, an unclosed one to the end', () => {
    expect(htmlText('a<!-- x -->b<!-- y --!>c<!-->d<!--->e')).toBe('abcde');
    expect(htmlText('a<!-- never closed mcp-name: x')).toBe('a');
    expect(htmlText('a<!DOCTYPE html>b<?php x ?>c<![CDATA[ d ]]>e</ 3>f</>g')).toBe('abcefg');
  });

  it('reads attributes as the parser does: a quoted value may hold ">", an unquoted one may not', () => {
    expect(htmlText('<img alt="x > mcp-name: y" src=a>after')).toBe('after');
    expect(htmlText('<a title=\'>\' href="#">link</a>')).toBe('link');
    expect(htmlText('<a href=x="y>z">t</a>')).toBe('z">t');
    expect(htmlText('<a ="x>y">t</a>')).toBe('y">t');
    expect(htmlText('<p class="unterminated')).toBe('');
  });

  it('drops the content of elements that are not rendered as text', () => {
    expect(
      htmlText('a<script>var s = "</p>mcp-name: x";</script >b<STYLE>p{}</style>c<template><p>t</p></template>d'),
    ).toBe('abcd');
    expect(htmlText('a<script>never closed')).toBe('a');
  });

  it('keeps a "<" that starts no markup', () => {
    expect(htmlText('1 < 2 and 3 <4 <')).toBe('1 < 2 and 3 <4 <');
  });
});

describe('the marker in a rendered README', () => {
  it.each([
    [`<p>mcp-name: ${NAME}</p>`, true],
    [`<ul><li>MCP Registry name: <code>mcp-name: ${NAME}</code></li></ul>`, true],
    [`<p>mcp-name: <code>${NAME}</code></p>`, true],
    [`<p>mcp-name: ${NAME}</p><p>-evil</p>`, true],
    [`<p>mcp-name&#58; io.github.alice&#47;weather</p>`, true],
    // Hidden: a comment, an attribute, a script.
    [`<!-- mcp-name: ${NAME} -->`, false],
    [`<img alt="mcp-name: ${NAME}">`, false],
    [`<a href="https://example.com/?mcp-name: ${NAME}">x</a>`, false],
    [`<script>"mcp-name: ${NAME}"</script>`, false],
    // Continued by inline markup: the reader sees a longer name.
    [`<p>mcp-name: ${NAME}<em>-evil</em></p>`, false],
    [`<p>mcp-name: ${NAME}-evil</p>`, false],
    // Split by markup in the wrong place, or a non-breaking space: not the marker.
    [`<p>mcp-<b>name</b>:&nbsp;${NAME}</p>`, false],
  ])('%s proves it: %s', (html, expected) => {
    expect(proves(html)).toBe(expected);
  });
});
