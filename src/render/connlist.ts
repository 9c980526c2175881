/**
 * The connlist text format of np-guard/netpol-analyzer (`netpol-analyzer list`, txt):
 * `<src> => <dst> : <connections>`, one line per ordered peer pair with an allowed connection,
 * sorted by source then destination as byte strings. IP pieces are never merged (upstream choice).
 */
import { sortConnections, type Connection } from '../netpol/connections.js';

export function renderConnlist(conns: Connection[]): string {
  const lines = sortConnections(conns).map((c) => `${c.srcName} => ${c.dstName} : ${c.conns.toString()}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
