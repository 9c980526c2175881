/**
 * `govulncheck -json` output as evidence of reachability (ktm triage REPORT --govulncheck FILE). The output is a stream
 * of JSON messages (config, progress, osv, finding). A finding whose first trace frame names a function means Knative's
 * code calls the vulnerable symbol; an advisory govulncheck knows for a required module, with no such finding in a
 * symbol-level scan, means the code is not reached. Anything less (a package- or module-level scan, an advisory the
 * output does not mention) leaves reachability unknown.
 */
import { InputError } from '../util/errors.js';
import type { Reachability } from './report.js';

interface Frame {
  module?: string;
  version?: string;
  package?: string;
  function?: string;
  receiver?: string;
  position?: { filename?: string; line?: number };
}
interface Message {
  config?: { scan_level?: string; scanner_name?: string; scanner_version?: string };
  osv?: { id?: string; aliases?: string[]; affected?: Array<{ package?: { name?: string } }> };
  finding?: { osv?: string; trace?: Frame[] };
}

export interface ReachabilityEvidence {
  reachability: Reachability;
  evidence: string;
  /** The advisory govulncheck matched (its GO- id) and the module it affects. */
  advisory?: string;
  module?: string;
}

const MAX_BYTES = 64 * 1024 * 1024;

/** Splits the stream into JSON values (objects one after another, pretty-printed or not). */
export function parseGovulncheck(text: string, file: string): Message[] {
  if (text.length > MAX_BYTES) throw new InputError(file, `govulncheck output larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  const out: Message[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let line = 1;
  let col = 0;
  let startLine = 1;
  let startCol = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    col++;
    if (ch === '\n') {
      line++;
      col = 0;
    }
    if (inString) {
      if (ch === '\\') i++, col++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) [start, startLine, startCol] = [i, line, col];
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth < 0) throw new InputError(file, 'unbalanced "}" in govulncheck output', { line, column: col });
      if (depth === 0) {
        let value: unknown;
        try {
          value = JSON.parse(text.slice(start, i + 1));
        } catch (err) {
          throw new InputError(file, `not JSON: ${(err as Error).message}`, { line: startLine, column: startCol });
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new InputError(file, 'expected govulncheck -json messages (objects)', { line: startLine, column: startCol });
        }
        out.push(value as Message);
      }
    } else if (depth === 0 && !/\s/.test(ch)) {
      throw new InputError(file, `expected govulncheck -json output (a stream of JSON objects), found "${ch}"`, { line, column: col });
    }
  }
  if (depth !== 0 || inString) throw new InputError(file, 'govulncheck output ends inside a JSON object', { line: startLine, column: startCol });
  if (!out.some((m) => m.config || m.osv || m.finding)) {
    throw new InputError(file, 'no govulncheck messages (config, osv or finding) found: run govulncheck -json', { line: 1, column: 1 });
  }
  return out;
}

/** Reachability of the advisory (any of `ids`: GO-, GHSA-, CVE- ids) or, failing ids, of the module. */
export function reachabilityOf(messages: Message[], ids: string[], module: string | undefined, file: string): ReachabilityEvidence {
  const wanted = new Set(ids.map((x) => x.toUpperCase()));
  const level = messages.find((m) => m.config)?.config?.scan_level ?? 'symbol';
  const entries = messages.map((m) => m.osv).filter((o): o is NonNullable<Message['osv']> => !!o?.id);
  const matches = entries.filter(
    (o) =>
      [o.id!, ...(o.aliases ?? [])].some((x) => wanted.has(x.toUpperCase())) ||
      (wanted.size === 0 && module !== undefined && (o.affected ?? []).some((a) => a.package?.name === module)),
  );
  const what = ids.length > 0 ? ids.join(', ') : (module ?? 'the dependency');
  if (matches.length === 0) {
    return { reachability: 'unknown', evidence: `${file}: govulncheck's output does not mention ${what} (its database may not know it, or the module is not required)` };
  }
  const osvIds = new Set(matches.map((o) => o.id!));
  const advisory = [...osvIds][0];
  const affectedModule = module ?? matches[0].affected?.[0]?.package?.name;
  const findings = messages.map((m) => m.finding).filter((f) => f?.osv !== undefined && osvIds.has(f.osv));
  const called = findings.find((f) => f?.trace?.[0]?.function);
  if (called) {
    const t = called.trace!;
    const sym = frameName(t[0]);
    const from = t.length > 1 ? ` from ${frameName(t[t.length - 1])}${t[t.length - 1].position?.filename ? ` (${t[t.length - 1].position!.filename}:${t[t.length - 1].position!.line ?? 0})` : ''}` : '';
    return { reachability: 'reached', evidence: `${file}: govulncheck traces a call to ${sym}${from} (${advisory})`, advisory, module: affectedModule };
  }
  if (level === 'symbol') {
    return {
      reachability: 'not-reached',
      evidence: `${file}: govulncheck (symbol-level scan) knows ${advisory} for ${affectedModule ?? 'the module'} but finds no call to its vulnerable symbols`,
      advisory,
      module: affectedModule,
    };
  }
  return {
    reachability: 'unknown',
    evidence: `${file}: govulncheck ran a ${level}-level scan, which cannot tell whether the vulnerable symbols of ${advisory} are called`,
    advisory,
    module: affectedModule,
  };
}

function frameName(f: Frame): string {
  const fn = f.receiver ? `${f.receiver.replace(/^\*/, '')}.${f.function}` : f.function;
  return `${f.package ?? f.module ?? '?'}${fn ? `.${fn}` : ''}`;
}
