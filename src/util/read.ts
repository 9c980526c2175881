/**
 * The one bounded reader for every input ktm takes: files named on the command line, folder entries, `extends:`
 * targets and standard input (`-`). It refuses what is not a regular file (a FIFO would block for ever, a device
 * never ends) and counts bytes as it reads, so `/dev/zero`, `/dev/urandom` or a 50 GB file cost at most the limit
 * in memory and never a hang. Binary data is refused at the first NUL byte, with its position.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError, type SourcePosition } from './errors.js';

/** Bytes read per system call from standard input (and the least for a file). */
const CHUNK_BYTES = 64 * 1024;

/** Reads `file` (or standard input for `-`) as bytes, refusing non-regular files, binary data and more than maxBytes. */
export function readBounded(file: string, maxBytes: number): Buffer {
  if (file === '-') {
    // KTM_STDIN_TEXT lets in-process tests feed stdin; real runs read file descriptor 0.
    const injected = process.env.KTM_STDIN_TEXT;
    if (injected !== undefined) return checked(Buffer.from(injected, 'utf8'), file, maxBytes);
    return readFd(0, file, maxBytes);
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer that may never come.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw openError(file, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(file, `is ${kindOf(st)}, expected a regular file`);
    return readFd(fd, file, maxBytes, st.size <= maxBytes, st.size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a descriptor to its end or to the limit, whichever comes first; never holds more than maxBytes. A regular
 * file already known to be too big is only counted (retain = false), to name the line and column of the limit.
 * `sizeHint` (a regular file's size) lets a file be read in one call instead of many small ones.
 */
function readFd(fd: number, file: string, maxBytes: number, retain = true, sizeHint?: number): Buffer {
  const chunks: Buffer[] = [];
  // Lines and columns are counted only where they are needed: over bytes not kept, or when an error names a place.
  const at = new Position();
  const positionAfter = (tail: Buffer): SourcePosition => {
    for (const c of chunks) at.advance(c);
    return at.advance(tail);
  };
  // One read for a file of known size (one byte more to see its end); a file that grows goes on in more chunks.
  let chunkBytes = sizeHint === undefined ? CHUNK_BYTES : Math.max(Math.min(sizeHint, maxBytes) + 1, CHUNK_BYTES);
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunkBytes, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Standard input may be a non-blocking pipe: wait a little for the writer instead of spinning.
      if (code === 'EAGAIN') {
        sleep(5);
        continue;
      }
      if (code === 'EOF') break; // Windows reports the end of a pipe this way
      throw new InputError(file, `cannot read: ${(err as Error).message}`);
    }
    if (n === 0) break;
    const data = chunk.subarray(0, n);
    const nul = data.indexOf(0);
    if (nul >= 0 && total + nul <= maxBytes) {
      throw new InputError(file, 'binary data (NUL byte): expected YAML or JSON text', positionAfter(data.subarray(0, nul)));
    }
    if (total + n > maxBytes) {
      throw new InputError(file, `input is larger than the limit of ${maxBytes} bytes`, positionAfter(data.subarray(0, maxBytes - total)));
    }
    if (retain) chunks.push(data);
    else at.advance(data);
    total += n;
    chunkBytes = CHUNK_BYTES; // what follows the known size (usually nothing) comes in small chunks
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** Same checks as readFd, for text already in memory (tests feeding standard input). */
function checked(buf: Buffer, file: string, maxBytes: number): Buffer {
  const nul = buf.indexOf(0);
  if (nul >= 0 && nul <= maxBytes) {
    throw new InputError(file, 'binary data (NUL byte): expected YAML or JSON text', new Position().advance(buf.subarray(0, nul)));
  }
  if (buf.length > maxBytes) {
    throw new InputError(file, `input is larger than the limit of ${maxBytes} bytes`, new Position().advance(buf.subarray(0, maxBytes)));
  }
  return buf;
}

/**
 * Line and column (in characters) after the bytes seen so far, carried across chunks without keeping them.
 * Newlines are found natively; only the bytes after a chunk's last newline are counted one by one.
 */
class Position {
  private line = 1;
  private column = 1;

  advance(data: Buffer): SourcePosition {
    let from = 0;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, from)) {
      this.line++;
      this.column = 1;
      from = nl + 1;
    }
    for (let i = from; i < data.length; i++) if ((data[i] & 0xc0) !== 0x80) this.column++; // skip UTF-8 continuation bytes
    return { line: this.line, column: this.column };
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openError(file: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(file, 'no such file');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(file, 'permission denied');
  if (code === 'EISDIR') return new InputError(file, 'is a directory, expected a file');
  if (code === 'ENXIO') return new InputError(file, 'is a socket, expected a regular file');
  return new InputError(file, `cannot read: ${(err as Error).message}`);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
