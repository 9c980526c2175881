/**
 * Errors about the user's input. Every command turns an InputError into a one-line message
 * `file:line:column: message` and exit code 2 (DESIGN.md, "Exit codes"); never a stack trace.
 */
export interface SourcePosition {
  line: number; // 1-based
  column: number; // 1-based
}

export class InputError extends Error {
  readonly file: string;
  readonly position?: SourcePosition;
  /** The field path inside the document, e.g. `spec.attacker.access`. */
  readonly fieldPath?: string;

  constructor(file: string, message: string, position?: SourcePosition, fieldPath?: string) {
    super(message);
    this.name = 'InputError';
    this.file = file;
    this.position = position;
    this.fieldPath = fieldPath;
  }

  /**
   * `file:line:column: message (at field.path)` — the form editors and CI logs make clickable. Always one line:
   * control characters in a file name (a newline, an escape sequence) or in a message are printed escaped.
   */
  format(): string {
    const file = printable(this.file);
    const where = this.position ? `${file}:${this.position.line}:${this.position.column}` : file;
    const field = this.fieldPath ? ` (at ${printable(this.fieldPath)})` : '';
    return `${where}: ${printable(this.message)}${field}`;
  }
}

/** Control characters (C0, DEL, C1) and line/paragraph separators as escapes, so untrusted text stays on one line. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A usage mistake that is not about a file: unknown option value, missing argument. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
