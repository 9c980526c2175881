/**
 * Binding the workbench's socket, and saying plainly why it failed: a busy or privileged port, or a --host that is
 * not an address of this machine, is the operator's input to fix (exit 2), not a crash.
 */
import type { Server } from 'node:net';
import { isIPv6 } from 'node:net';

/** Starting the workbench failed because of what it was given (port, host, files); the message says what to change. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** `127.0.0.1`, `[::1]`: an address as it appears before `:port`. */
export function displayHost(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}

/** The operator-facing reason a listen failed, or undefined when the failure is not about the input. */
export function listenProblem(err: NodeJS.ErrnoException, host: string, port: number): string | undefined {
  const where = `port ${port} on ${displayHost(host)}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `${where} is already in use: choose another with --port`;
    case 'EACCES':
      return `${where} needs privileges ktm does not have (ports below 1024 usually do): choose another with --port`;
    case 'EADDRNOTAVAIL':
      return `--host ${host} is not an address of this machine: choose another with --host (127.0.0.1 keeps the workbench local)`;
    case 'EAFNOSUPPORT':
      return `--host ${host}: this machine does not support that address family: choose another with --host`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return `--host ${host} does not resolve to an address: choose another with --host`;
    default:
      return undefined;
  }
}

/** Listens on host:port; a failure the operator can fix becomes a StartupError. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      const problem = listenProblem(err, host, port);
      reject(problem ? new StartupError(problem) : err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
