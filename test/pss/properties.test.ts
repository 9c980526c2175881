/**
 * Generated pods: restricted is at least as strict as baseline at every version (for pods the API accepts:
 * Windows pods may not set Linux-only seccomp/capabilities, so they are left out), and evaluation is deterministic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluatePod, NEWEST_MINOR } from '../../src/pss/index.js';

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const securityContext = fc.record(
  {
    privileged: optional(fc.boolean()),
    allowPrivilegeEscalation: optional(fc.boolean()),
    runAsNonRoot: optional(fc.boolean()),
    runAsUser: optional(fc.constantFrom(0, 1000)),
    procMount: optional(fc.constantFrom('Default', 'Unmasked')),
    capabilities: optional(fc.record({ add: optional(fc.subarray(['NET_BIND_SERVICE', 'CHOWN', 'NET_RAW', 'SYS_ADMIN'])), drop: optional(fc.subarray(['ALL', 'NET_RAW'])) }, { requiredKeys: [] })),
    seccompProfile: optional(fc.record({ type: fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined') })),
    seLinuxOptions: optional(fc.record({ type: optional(fc.constantFrom('container_t', 'spc_t', 'container_engine_t')), user: optional(fc.constantFrom('', 'u')) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

const container = (name: string) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constant('x'),
    securityContext: optional(securityContext),
    ports: optional(fc.array(fc.record({ containerPort: fc.constant(80), hostPort: optional(fc.constantFrom(0, 80)) }), { maxLength: 2 })),
    livenessProbe: optional(fc.record({ httpGet: fc.record({ port: fc.constant(80), host: fc.constantFrom('', 'h') }) })),
  });

const pod = fc.record({
  annotations: fc.dictionary(
    fc.constantFrom('container.apparmor.security.beta.kubernetes.io/c', 'seccomp.security.alpha.kubernetes.io/pod'),
    fc.constantFrom('runtime/default', 'unconfined', 'localhost/p'),
  ),
  spec: fc.record(
    {
      hostNetwork: optional(fc.boolean()),
      hostPID: optional(fc.boolean()),
      hostUsers: optional(fc.boolean()),
      securityContext: optional(
        fc.record(
          {
            runAsNonRoot: optional(fc.boolean()),
            runAsUser: optional(fc.constantFrom(0, 1000)),
            seccompProfile: optional(fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined') })),
            sysctls: optional(fc.subarray([{ name: 'kernel.shm_rmid_forced' }, { name: 'net.ipv4.tcp_rmem' }, { name: 'kernel.msgmax' }])),
          },
          { requiredKeys: [] },
        ),
      ),
      containers: fc.tuple(container('c')),
      initContainers: optional(fc.tuple(container('i'))),
      volumes: optional(fc.subarray([{ name: 'a' }, { name: 'b', hostPath: { path: '/' } }, { name: 'c', nfs: { server: 's', path: '/' } }, { name: 'd', secret: { secretName: 's' } }])),
    },
    { requiredKeys: ['containers'] },
  ),
});

const version = fc.integer({ min: 0, max: NEWEST_MINOR + 3 }).map((n) => `v1.${n}`);

describe('PSS properties on generated pods', () => {
  it('restricted allowed ⇒ baseline allowed; baseline rejected ⇒ restricted rejected', () => {
    fc.assert(
      fc.property(pod, version, (p, v) => {
        const meta = { annotations: p.annotations };
        const b = evaluatePod(meta, p.spec, 'baseline', v);
        const r = evaluatePod(meta, p.spec, 'restricted', v);
        if (r.allowed) expect(b.allowed).toBe(true);
        if (!b.allowed) expect(r.allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and does not modify its input', () => {
    fc.assert(
      fc.property(pod, version, (p, v) => {
        const before = JSON.stringify(p);
        const a = evaluatePod({ annotations: p.annotations }, p.spec, 'restricted', v);
        const b = evaluatePod({ annotations: p.annotations }, p.spec, 'restricted', v);
        expect(a).toEqual(b);
        expect(JSON.stringify(p)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});
