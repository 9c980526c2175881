import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, html, trusted, SafeHtml } from '../../src/server/html.js';
import { formatUtc } from '../../src/server/time.js';
import { brief } from '../../src/server/pages/reports.js';

describe('escapeHtml / html``', () => {
  it('escapes the characters that open tags, attributes and entities', () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)">&'\``)).toBe(
      '&lt;img src&#61;x onerror&#61;&quot;alert(1)&quot;&gt;&amp;&#39;&#96;',
    );
  });

  it('escapes every interpolation, including inside attributes', () => {
    const title = '"><script>alert(1)</script>';
    const out = html`<a title="${title}">${title}</a>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe('<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>');
  });

  it('passes nested templates and arrays of them through without double escaping', () => {
    const items = ['<b>', 'a&b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>&lt;b&gt;</li><li>a&amp;b</li></ul>');
  });

  it('renders null, undefined and false as nothing, numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${12.5}`.value).toBe('012.5');
  });

  it('only trusted() and nested html`` are emitted raw', () => {
    expect(html`${trusted('<br>')}`.value).toBe('<br>');
    expect(html`${'<br>'}`.value).toBe('&lt;br&gt;');
    expect(html`x`).toBeInstanceOf(SafeHtml);
  });

  it('property: escaped text never contains markup characters and round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = html`<p>${s}</p>`.value.slice(3, -4);
        expect(out).not.toMatch(/[<>"'`]/);
        const back = out
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&#96;/g, '`')
          .replace(/&#61;/g, '=')
          .replace(/&amp;/g, '&');
        expect(back).toBe(s);
      }),
    );
  });
});

describe('formatUtc', () => {
  it('shows instants as YYYY-MM-DD HH:MM UTC and anything else as it is', () => {
    expect(formatUtc('2026-11-27T09:29:13.456Z')).toBe('2026-11-27 09:29 UTC');
    expect(formatUtc('2026-11-27T09:29:00Z')).toBe('2026-11-27 09:29 UTC');
    expect(formatUtc(new Date(Date.UTC(2030, 0, 2, 3, 4, 59)))).toBe('2030-01-02 03:04 UTC');
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('not a time')).toBe('not a time');
    expect(brief({ status: 'new', receivedAt: '2026-11-27T09:29:13.456Z' })).toBe('{"status":"new","receivedAt":"2026-11-27 09:29 UTC"}');
  });
});
