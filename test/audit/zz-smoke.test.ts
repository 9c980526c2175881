import { it } from 'vitest';
import { audit, inventory, plainTenant } from './helpers.js';
it('smoke', () => {
  const inv = inventory(['t-a', 't-b', 't-c'].map((n) => plainTenant(n)).join('\n'), { stock: true });
  const t0 = Date.now();
  const r = audit(inv);
  console.log(Date.now() - t0, 'ms');
  console.log(JSON.stringify(r.verdicts), r.tenants, r.notes);
  for (const f of r.findings) console.log(f.id, f.severity, f.tenancy.join(','), f.resource, f.path, '|', f.message.slice(0, 200), f.hops ? f.hops.join(' ; ') : '');
});
