import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-CFG-004.js';
import { inventory, runCheck } from '../helpers.js';

const net = (tpl?: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: config-network, namespace: knative-serving}
data:
  ${tpl === undefined ? 'x: y' : `domain-template: "${tpl}"`}
`;

describe('KTM-CFG-004 domain-template', () => {
  it('fires when the template drops {{.Namespace}}', () => {
    const f = runCheck(check, inventory(net('{{.Name}}.{{.Domain}}')));
    expect(f).toHaveLength(1);
    expect(f[0].path).toBe('data.domain-template');
  });
  it('stays quiet on the default and on templates that keep the namespace', () => {
    expect(runCheck(check, inventory(net()))).toEqual([]);
    expect(runCheck(check, inventory(net('{{.Name}}-{{ .Namespace }}.{{.Domain}}')))).toEqual([]);
  });
});
