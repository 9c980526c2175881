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

  /** `file:line:column: message (at field.path)` — the form editors and CI logs make clickable. */
  format(): string {
    const where = this.position ? `${this.file}:${this.position.line}:${this.position.column}` : this.file;
    const field = this.fieldPath ? ` (at ${this.fieldPath})` : '';
    return `${where}: ${this.message}${field}`;
  }
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
