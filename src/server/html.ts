/**
 * The one escaping helper every template uses. Reports are written by outsiders, so every interpolated value is
 * escaped unless it is already a SafeHtml produced by this module (a nested template or an explicit `trusted()`).
 */

/** HTML that has been escaped or built from escaped parts; the only thing templates may emit unescaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${userText}</p>\`` escapes userText; nested `html` fragments pass through. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Marks markup produced by ktm itself (never by a report author) as safe. Use sparingly. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Makes a value safe to put in a URL path segment (then escaped again by `html`). */
export function pathSegment(value: string | number): string {
  return encodeURIComponent(String(value));
}
