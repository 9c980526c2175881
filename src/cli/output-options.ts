/**
 * The output flags every command shares, in one place (docs/README.head.md, "Flags every command shares"):
 * `-f/--format`, the format taken from the extension of `-o FILE` when `--format` is absent, the refusal of
 * `-o json` (a format word where a file name belongs), and `-n/--namespace`, `-A/--all-namespaces`.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../util/errors.js';
import { note } from './common.js';

/** Which format(s) a file extension asks for, most specific first; a command takes the first it supports. */
const EXTENSION_FORMATS: Record<string, readonly string[]> = {
  '.json': ['json'],
  '.sarif': ['sarif'],
  '.html': ['html'],
  '.htm': ['html'],
  '.md': ['md'],
  '.markdown': ['md'],
  // YAML: triage's `report` (a VulnerabilityReport), audit's PolicyReports, or plain YAML.
  '.yaml': ['yaml', 'report', 'policyreport'],
  '.yml': ['yaml', 'report', 'policyreport'],
  '.xml': ['junit'],
  '.csv': ['csv'],
  '.txt': ['text', 'table', 'connlist'],
  '.svg': ['svg'],
  '.dot': ['dot'],
  '.gv': ['dot'],
  '.mmd': ['mermaid'],
};

/** Words that name a format, not a file: `-o json` is almost always a forgotten `--format`. */
const FORMAT_WORDS = new Set([
  'json', 'yaml', 'yml', 'sarif', 'html', 'md', 'markdown', 'xml', 'junit', 'csv', 'txt', 'text', 'table', 'svg', 'dot',
  'mermaid', 'connlist', 'matrix', 'policyreport', 'openreports', 'report', 'ghsa', 'osv', 'reply', 'openvex', 'csaf-vex', 'cve5',
]);

/** Adds `-f, --format <format>` without a commander default, so ktm can tell "absent" from "given". */
export function formatOption(cmd: Command, formats: readonly string[], fallback: string): Command {
  return cmd.option('-f, --format <format>', `output format: ${formats.join(' | ')} (default: ${fallback}, or as the extension of --output says)`);
}

/** Adds `-o, --output <file>` (harden declares its own: a folder or a file, and its older `--out`). */
export function outputOption(cmd: Command, description = 'write to this file instead of standard output (its extension chooses the format)'): Command {
  return cmd.option('-o, --output <file>', description);
}

/**
 * `-o json` names a file called "json": refuse it and say what was meant. `./json` or `json.out` stay possible.
 */
export function checkOutputName(output: string | undefined): void {
  if (output === undefined || output === '-') return;
  if (FORMAT_WORDS.has(output.toLowerCase())) {
    throw new UsageError(`-o ${output} would write a file named "${output}": did you mean --format ${output}? (to write that file, say -o ./${output})`);
  }
}

/** The formats a file's extension asks for (empty when ktm knows no format by that extension). */
export function formatsOfExtension(path: string): readonly string[] {
  return EXTENSION_FORMATS[extname(path).toLowerCase()] ?? [];
}

export interface FormatChoice<F extends string> {
  format: F;
  /** Said on stderr when the extension chose nothing and the default was used. */
  note?: string;
}

/**
 * The format to write: `--format` when given (checked against `formats`); else the one the extension of `-o` names;
 * else `fallback`. A known extension the command cannot write (`pss -o x.html`) is a usage error; an extension ktm
 * does not know (`-o report.out`) falls back to the default, with a note.
 */
export function chooseFormat<F extends string>(opts: { format?: string; output?: string }, formats: readonly F[], fallback: F): FormatChoice<F> {
  checkOutputName(opts.output);
  if (opts.format !== undefined) {
    if (!(formats as readonly string[]).includes(opts.format)) {
      throw new UsageError(`option --format: "${opts.format}" is not one of ${formats.join(', ')}`);
    }
    return { format: opts.format as F };
  }
  if (opts.output === undefined || opts.output === '-') return { format: fallback };
  const ext = extname(opts.output).toLowerCase();
  if (ext === '') return { format: fallback };
  const asked = formatsOfExtension(opts.output);
  if (asked.length === 0) {
    return { format: fallback, note: `no format is known for "${ext}": writing ${fallback} to ${opts.output} (say --format to choose)` };
  }
  const found = asked.find((f) => (formats as readonly string[]).includes(f));
  if (found === undefined) {
    throw new UsageError(`-o ${opts.output}: this command writes ${formats.join(', ')}, not ${asked.join(' or ')}; give --format or another extension`);
  }
  return { format: found as F };
}

/** chooseFormat for a command: its note (an extension ktm does not know) said on stderr under the command's name. */
export function formatFor<F extends string>(command: string, opts: { format?: string; output?: string }, formats: readonly F[], fallback: F): F {
  const choice = chooseFormat(opts, formats, fallback);
  if (choice.note) note(command, choice.note);
  return choice.format;
}

/** Adds `-n, --namespace <ns>` (repeatable) and `-A, --all-namespaces` (the default). */
export function namespaceOptions(cmd: Command, what: string): Command {
  return cmd
    .option('-n, --namespace <namespace>', `only ${what} in this namespace (repeat for several)`, collect)
    .option('-A, --all-namespaces', 'every namespace (the default)');
}

/** Repeated `-n`: each adds a namespace (no commander default, so help does not print an empty list). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The namespaces asked for, sorted and unique; undefined means all. `-n` with `-A` contradicts itself. */
export function chosenNamespaces(opts: { namespace?: string[]; allNamespaces?: boolean }): string[] | undefined {
  const names = opts.namespace ?? [];
  if (names.length > 0 && opts.allNamespaces) throw new UsageError('options -n/--namespace and -A/--all-namespaces exclude each other');
  for (const n of names) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n) || n.length > 63) throw new UsageError(`option --namespace: "${n}" is not a namespace name (RFC 1123 label)`);
  }
  return names.length > 0 ? [...new Set(names)].sort() : undefined;
}

/** Namespace names the input does not hold are a mistake, not an empty answer (as for reach --from/--to). */
export function checkNamespacesExist(names: string[] | undefined, present: (ns: string) => boolean): void {
  const missing = (names ?? []).filter((n) => !present(n));
  if (missing.length > 0) throw new UsageError(`option --namespace: no namespace ${missing.map((m) => `"${m}"`).join(', ')} in the input`);
}
