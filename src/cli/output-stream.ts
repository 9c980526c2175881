/**
 * An output (a file for `--output FILE`, else standard output) that commands write to piece by piece. Pieces are
 * gathered into blocks of about 64 KiB before each write, so a million small rows cost a few hundred writes.
 * Standard output is written through process.stdout (synchronous for files, pipes and terminals on Linux and
 * macOS), so a slow reader holds ktm back instead of filling its memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import type { TextSink } from '../render/text-sink.js';

const BLOCK_CHARS = 64 * 1024;

export interface OutputStream extends TextSink {
  /** Characters written so far (pending ones included). */
  readonly written: number;
  /** Writes what is pending and closes the file; `ensureNewline` ends non-empty output with a newline. */
  close(opts?: { ensureNewline?: boolean }): void;
}

/** `--output` that cannot be written is the user's to fix: exit 2 with the reason in words, no trace. */
export function outputError(output: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
  return new UsageError(`option --output: cannot write to "${output}": ${why}`);
}

export function openOutputStream(output?: string): OutputStream {
  let fd: number | undefined;
  if (output && output !== '-') {
    try {
      fd = openSync(output, 'w');
    } catch (err) {
      throw outputError(output, err);
    }
  }
  const emit = (text: string) => {
    if (fd === undefined) process.stdout.write(text);
    else writeSync(fd, text);
  };
  let pending: string[] = [];
  let pendingChars = 0;
  let written = 0;
  let last = '';
  const flush = () => {
    if (pendingChars === 0) return;
    emit(pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  return {
    get written() {
      return written;
    },
    write(text: string) {
      if (text.length === 0) return;
      written += text.length;
      last = text;
      if (text.length >= BLOCK_CHARS) {
        // A block already: written as it is, not copied into a joined one.
        flush();
        emit(text);
        return;
      }
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars >= BLOCK_CHARS) flush();
    },
    close(opts) {
      if (opts?.ensureNewline && written > 0 && !last.endsWith('\n')) {
        pending.push('\n');
        pendingChars++;
      }
      flush();
      if (fd !== undefined) closeSync(fd);
    },
  };
}
