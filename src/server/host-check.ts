/**
 * DNS-rebinding defence. A page on an attacker's domain whose name is made to resolve to 127.0.0.1 is same-origin
 * with itself, so the browser lets it read the workbench's answers; what gives it away is the Host header, which
 * carries the attacker's name. The workbench answers only to the names it is known by:
 *  - `localhost`, `127.0.0.1`, `[::1]` and the bound address, with the bound port;
 *  - the --host value, with the bound port;
 *  - names given with --allow-host (a proxy's public name, a port-forwarded `localhost:9000`);
 *  - when bound to every interface (0.0.0.0 or ::), any IP literal with the bound port: an IP in the Host header
 *    is the page's own origin, which rebinding cannot forge.
 * Anything else is answered 421 Misdirected Request before the request is looked at.
 */
import { isIP } from 'node:net';

export interface HostPolicy {
  /** Accepted `host:port` values, lower case, IPv6 in brackets. */
  exact: ReadonlySet<string>;
  /** Accepted host names on any port (from --allow-host entries without a port). */
  anyPort: ReadonlySet<string>;
  /** Any IP literal with `port` is accepted (bound to every interface). */
  ipLiterals: boolean;
  port: number;
  /** The port a browser leaves out of the Host header (80 for http, 443 for https). */
  defaultPort: number;
}

/** `name` or `[v6]` and the port of a Host header value; undefined when it is not a valid Host. */
export function parseHost(value: string, defaultPort: number): { name: string; port: number } | undefined {
  const v = value.trim().toLowerCase();
  let name: string;
  let rest: string;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0) return undefined;
    name = v.slice(0, end + 1);
    rest = v.slice(end + 1);
    if (isIP(name.slice(1, -1)) !== 6) return undefined;
  } else {
    const colon = v.indexOf(':');
    name = colon < 0 ? v : v.slice(0, colon);
    rest = colon < 0 ? '' : v.slice(colon);
  }
  if (!name || !/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/.test(name)) return undefined;
  if (rest === '') return { name, port: defaultPort };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  const port = Number(rest.slice(1));
  return port <= 65535 ? { name, port } : undefined;
}

/** An address or name as it appears in a Host header: IPv6 literals in brackets, lower case. */
function hostForm(host: string): string {
  const h = host.toLowerCase();
  return isIP(h) === 6 ? `[${h}]` : h;
}

export function hostPolicy(input: {
  boundAddress: string;
  port: number;
  configuredHost: string;
  allowHosts?: readonly string[];
  tls: boolean;
}): HostPolicy {
  const defaultPort = input.tls ? 443 : 80;
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  for (const name of ['localhost', '127.0.0.1', '[::1]', hostForm(input.boundAddress), hostForm(input.configuredHost)]) {
    exact.add(`${name}:${input.port}`);
  }
  for (const entry of input.allowHosts ?? []) {
    const parsed = parseHost(entry, -1);
    if (!parsed) continue;
    if (parsed.port === -1) anyPort.add(parsed.name);
    else exact.add(`${parsed.name}:${parsed.port}`);
  }
  const everywhere = input.boundAddress === '0.0.0.0' || input.boundAddress === '::';
  return { exact, anyPort, ipLiterals: everywhere, port: input.port, defaultPort };
}

/** A usable --allow-host value (`name`, `name:port`, `[v6]:port`), or a reason it is not. */
export function allowHostProblem(entry: string): string | undefined {
  return parseHost(entry, -1) ? undefined : `"${entry}" is not a host name, IP address or name:port`;
}

export function hostAllowed(policy: HostPolicy, header: string | undefined): boolean {
  if (header === undefined) return false;
  const h = parseHost(header, policy.defaultPort);
  if (!h) return false;
  if (policy.exact.has(`${h.name}:${h.port}`)) return true;
  if (policy.anyPort.has(h.name)) return true;
  if (policy.ipLiterals && h.port === policy.port) {
    const bare = h.name.startsWith('[') ? h.name.slice(1, -1) : h.name;
    return isIP(bare) !== 0;
  }
  return false;
}
