/**
 * Runs the ktm CLI in-process (fast, no build step) and captures what it prints and its exit code.
 */
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], opts: { stdin?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const outWrite = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  const savedExit = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  const savedStdin = process.env.KTM_STDIN_TEXT;
  if (opts.stdin !== undefined) process.env.KTM_STDIN_TEXT = opts.stdin;
  try {
    await main(['node', 'ktm', ...args]);
  } finally {
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    if (savedStdin === undefined) delete process.env.KTM_STDIN_TEXT;
    else process.env.KTM_STDIN_TEXT = savedStdin;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = savedExit;
  return { code, stdout, stderr };
}

export { REPO_ROOT, SHARED, FIXTURES } from './paths.js';
