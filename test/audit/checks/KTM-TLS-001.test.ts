import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/audit/checks/KTM-TLS-001.js';
import { buildInventory } from '../../../src/k8s/inventory.js';
import { readSources } from '../../../src/k8s/load.js';
import { FIXTURES } from '../../helpers/cli.js';
import { audit, configMapYaml, inventory, plainTenant, resourcesFromYaml, runCheck } from '../helpers.js';

const net = (data: string) => configMapYaml('config-network', 'knative-serving', data);

describe('KTM-TLS-001 system-internal-tls', () => {
  it('fires on the default and on an unrecognised value', () => {
    expect(runCheck(check, inventory(net('x: y')))).toHaveLength(1);
    const f = runCheck(check, inventory(net('system-internal-tls: "on"')));
    expect(f[0].message).toMatch(/not a value Knative recognises/);
  });
  it('stays quiet when Enabled, or via the legacy internal-encryption key', () => {
    expect(runCheck(check, inventory(net('system-internal-tls: Enabled')))).toEqual([]);
    expect(runCheck(check, inventory(net('internal-encryption: "true"')))).toEqual([]);
  });

  describe('with net-istio: Istio mTLS', () => {
    // serving-core + net-istio as shipped (net-istio brings PERMISSIVE PeerAuthentications for its webhooks).
    const istio = readSources([join(FIXTURES, 'knative', 'serving-core.yaml'), join(FIXTURES, 'knative', 'net-istio.yaml')]);
    const ns = (name: string, labels: string) => `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${labels}}}\n`;
    /** The form `ktm harden --mesh istio` writes. */
    const strict = (namespace: string, name = 'ktm-strict-mtls') =>
      `---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {mtls: {mode: STRICT}}\n`;
    const tenants = plainTenant('t-a', { 'istio-injection': 'enabled' }) + plainTenant('t-b', { 'istio.io/rev': 'stable' });
    const cluster = (text: string) => buildInventory([...istio, ...resourcesFromYaml(text)]);
    const injected = ns('knative-serving', 'istio-injection: enabled') + tenants;

    it('stays quiet with the harden form (namespace-wide STRICT + injection in knative-serving and every tenant), with a note', () => {
      const inv = cluster(injected + strict('knative-serving') + strict('t-a') + strict('t-b'));
      const r = audit(inv, { tenancy: ['namespace'], checks: [check] });
      expect(r.findings).toEqual([]);
      const note = r.notes.find((n) => n.startsWith('KTM-TLS-001'));
      expect(note).toMatch(/Istio mTLS in knative-serving \(istio-injection=enabled; STRICT from PeerAuthentication knative-serving\/ktm-strict-mtls\)/);
      expect(note).toMatch(/t-b \(istio\.io\/rev=stable; STRICT from PeerAuthentication t-b\/ktm-strict-mtls\)/);
    });
    it('stays quiet with one mesh-wide STRICT PeerAuthentication in istio-system', () => {
      const r = audit(cluster(injected + strict('istio-system', 'default')), { tenancy: ['namespace'], checks: [check] });
      expect(r.findings).toEqual([]);
      expect(r.notes.join('\n')).toMatch(/STRICT from PeerAuthentication istio-system\/default, mesh-wide/);
    });
    it('fires when Istio is left at its default (PERMISSIVE), naming the gap and the mesh fix', () => {
      const f = runCheck(check, cluster(injected));
      expect(f).toHaveLength(1);
      expect(f[0].message).toMatch(/nor does Istio mTLS cover them: knative-serving: mTLS PERMISSIVE/);
      expect(f[0].fix).toMatch(/PeerAuthentication with spec\.mtls\.mode STRICT/);
    });
    it('fires when one tenant namespace is not injected', () => {
      const inv = cluster(ns('knative-serving', 'istio-injection: enabled') + plainTenant('t-a', { 'istio-injection': 'enabled' }) + plainTenant('t-b') + strict('istio-system', 'default'));
      const f = runCheck(check, inv);
      expect(f[0].message).toMatch(/t-b: no sidecar injection/);
      expect(f[0].message).not.toMatch(/t-a:/);
    });
    it('fires when a namespace-wide policy overrides the mesh with PERMISSIVE', () => {
      const permissive = `---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: relax, namespace: t-a}\nspec: {mtls: {mode: PERMISSIVE}}\n`;
      const f = runCheck(check, cluster(injected + strict('istio-system', 'default') + permissive));
      expect(f[0].message).toMatch(/t-a: mTLS PERMISSIVE \(PeerAuthentication t-a\/relax\)/);
    });
    it('fires when a workload policy opens the activator\'s data-plane port, or the activator opts out of injection', () => {
      const portOpen = `---\napiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: act, namespace: knative-serving}\nspec: {selector: {matchLabels: {app: activator}}, portLevelMtls: {"8012": {mode: PERMISSIVE}}}\n`;
      const f = runCheck(check, cluster(injected + strict('istio-system', 'default') + portOpen));
      expect(f[0].message).toMatch(/PeerAuthentication knative-serving\/act sets port 8012 PERMISSIVE for Deployment\/activator/);
      // The activator replaced by one without a sidecar (later objects replace earlier ones).
      const noSidecar = `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: activator, namespace: knative-serving}\nspec:\n  selector: {matchLabels: {app: activator}}\n  template:\n    metadata: {labels: {app: activator, sidecar.istio.io/inject: "false"}}\n    spec: {containers: [{name: activator, image: x}]}\n`;
      const g = runCheck(check, cluster(injected + strict('istio-system', 'default') + noSidecar));
      expect(g[0].message).toMatch(/knative-serving: sidecar\.istio\.io\/inject: "false" on Deployment\/activator/);
    });
    it('is not satisfied by mesh mTLS without net-istio (Kourier)', () => {
      const inv = buildInventory([...readSources([join(FIXTURES, 'knative', 'serving-core.yaml'), join(FIXTURES, 'knative', 'kourier.yaml')]), ...resourcesFromYaml(injected + strict('istio-system', 'default'))]);
      const f = runCheck(check, inv);
      expect(f).toHaveLength(1);
      expect(f[0].message).not.toMatch(/Istio/);
    });
  });
});
