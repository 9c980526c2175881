/**
 * A fast YAML writer for the plain shapes harden emits (maps, lists, numbers, booleans, simple strings), byte-for-byte
 * what eemeli/yaml's `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` writes for them, at about a
 * fifth of the cost. Anything it is not sure of (a string that might need quotes, a list in a list, an odd key,
 * a non-plain value) makes it give up, and the caller uses eemeli/yaml for that object: the output never changes,
 * only its speed. A property test holds the two writers equal.
 */

/**
 * Strings written unquoted: a letter, digit or `_`, then letters, digits, `_./#()-,;'=+<>$^~`, a `:` not followed by
 * a space, or single inner spaces (not before `#`, a space or the end).
 */
const PLAIN = /^[A-Za-z0-9_](?:[A-Za-z0-9_./#(),;'=+<>$^~-]|:(?=[A-Za-z0-9_./(),;'=+<>$^~-])| (?=[A-Za-z0-9_./(),;'=+<>$^~-]))*$/;
/** Words YAML reads as something other than a string, whatever their case. */
const RESERVED = /^(?:true|false|null|y|n|yes|no|on|off)$/i;
/** What YAML 1.2 reads as a number (core schema), or what looks close enough to give up on. */
const NUMBERISH = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9]+(?::[0-9]+)+)$/;
/** Numeric strings eemeli/yaml writes in double quotes (and nothing in them needs escaping). */
const QUOTED_NUMBER = /^[0-9]+(?:\.[0-9]+)?$/;

function plainString(s: string): boolean {
  return PLAIN.test(s) && !RESERVED.test(s) && !NUMBERISH.test(s) && !s.includes(' #');
}

/** The words YAML 1.2 reads as booleans or null: eemeli/yaml writes them in double quotes. */
const QUOTED_WORD = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
/** Printable ASCII with no `"` or `\\`: in double quotes it needs no escape. */
const NO_ESCAPES = /^[ !#-[\]-~]*$/;
/** Certainly not plain (`: `, ` #`, a space at either end): eemeli/yaml quotes these, in double quotes when there is no `"`. */
const NEVER_PLAIN = /: | #|^ | $|:$/;

function quotedString(s: string): string | undefined {
  if (QUOTED_WORD.test(s) || (QUOTED_NUMBER.test(s) && /^[1-9]|^0$|^0\./.test(s))) return `"${s}"`;
  if (NO_ESCAPES.test(s) && NEVER_PLAIN.test(s)) return `"${s}"`;
  return undefined;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return plainString(v) ? v : quotedString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
  if (v === null) return 'null';
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

class GiveUp extends Error {}

function writeMap(obj: Record<string, unknown>, indent: string, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) continue; // eemeli/yaml leaves undefined out of maps
    if (!plainString(key)) throw new GiveUp();
    const lead = first && firstPrefix !== undefined ? firstPrefix : indent;
    first = false;
    const s = scalar(value);
    if (s !== undefined) out.push(`${lead}${key}: ${s}\n`);
    else if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${lead}${key}: []\n`);
      else {
        out.push(`${lead}${key}:\n`);
        writeSeq(value, `${indent}  `, out);
      }
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) out.push(`${lead}${key}: {}\n`);
      else {
        out.push(`${lead}${key}:\n`);
        writeMap(value, `${indent}  `, out);
      }
    } else throw new GiveUp();
  }
  if (first) throw new GiveUp(); // a map with nothing written: leave that shape to eemeli/yaml
}

function writeSeq(list: unknown[], indent: string, out: string[]): void {
  for (const item of list) {
    const s = scalar(item);
    if (s !== undefined) out.push(`${indent}- ${s}\n`);
    else if (isPlainObject(item) && Object.keys(item).length > 0) writeMap(item, `${indent}  `, out, `${indent}- `);
    else throw new GiveUp();
  }
}

/** The YAML of a plain non-empty map, or undefined when eemeli/yaml must write it. */
export function fastYamlOf(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: string[] = [];
  try {
    writeMap(value, '', out);
  } catch (err) {
    if (err instanceof GiveUp) return undefined;
    throw err;
  }
  return out.join('');
}
