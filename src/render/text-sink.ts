/**
 * Where streaming renderers write: text goes out in pieces as it is produced, so output proportional to the
 * input's square (a 10,000-namespace matrix) never exists as one string.
 */
export interface TextSink {
  write(text: string): void;
}

/** A sink that keeps what it is given, for callers that want the whole text (small inputs, tests, HTML pages). */
export function collectText(render: (sink: TextSink) => void): string {
  const parts: string[] = [];
  render({ write: (t) => void parts.push(t) });
  return parts.join('');
}
