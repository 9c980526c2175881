/**
 * One test per check that makes it fire (with upstream's exact message) and one that keeps it quiet.
 * Pods start from a minimal restricted pod, so the check under test is the only possible violation.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePod, type PssLevel } from '../../src/pss/index.js';

type Json = Record<string, any>;

function restrictedPod(): { metadata: Json; spec: Json } {
  const sc = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  return {
    metadata: { annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', image: 'x', securityContext: sc() }],
      containers: [{ name: 'app', image: 'x', securityContext: sc() }],
    },
  };
}

function run(mutate: (p: { metadata: Json; spec: Json }) => void, level: PssLevel = 'restricted', version = 'latest') {
  const p = restrictedPod();
  mutate(p);
  return evaluatePod(p.metadata, p.spec, level, version);
}

/** The single violation's check and message. */
function only(r: ReturnType<typeof run>) {
  expect(r.allowed).toBe(false);
  expect(r.violations.map((v) => v.check)).toHaveLength(1);
  return r.violations[0];
}

describe('the minimal restricted pod', () => {
  it('is allowed at both levels and every version', () => {
    for (let n = 0; n <= 40; n++) {
      for (const level of ['baseline', 'restricted'] as const) {
        expect(run(() => {}, level, `v1.${n}`).allowed).toBe(true);
      }
    }
  });
});

describe('baseline checks', () => {
  it('appArmorProfile: fires on unconfined annotation and type, quiet on RuntimeDefault/localhost', () => {
    const v = only(run((p) => {
      p.metadata.annotations['container.apparmor.security.beta.kubernetes.io/app'] = 'unconfined';
      p.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
    }, 'baseline'));
    expect(v.check).toBe('appArmorProfile');
    expect(v.message).toBe(
      'forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    );
    expect(v.fields).toEqual(['spec.securityContext.appArmorProfile.type', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]']);
    expect(run((p) => {
      p.metadata.annotations['container.apparmor.security.beta.kubernetes.io/app'] = 'localhost/custom';
      p.spec.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    }, 'baseline').allowed).toBe(true);
  });

  it('capabilities_baseline: fires on NET_RAW, quiet on default capabilities (at baseline)', () => {
    const v = only(run((p) => (p.spec.containers[0].securityContext.capabilities = { add: ['NET_RAW', 'CHOWN', 'SYS_ADMIN'] }), 'baseline'));
    expect(v.message).toBe('non-default capabilities (container "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)');
    expect(v.fields).toEqual(['spec.containers[0].securityContext.capabilities.add[0]', 'spec.containers[0].securityContext.capabilities.add[2]']);
    expect(run((p) => (p.spec.containers[0].securityContext.capabilities = { add: ['CHOWN', 'KILL'] }), 'baseline').allowed).toBe(true);
  });

  it('hostNamespaces: fires on hostNetwork/hostPID, quiet on false', () => {
    const v = only(run((p) => Object.assign(p.spec, { hostNetwork: true, hostPID: true, hostIPC: false })));
    expect(v.message).toBe('host namespaces (hostNetwork=true, hostPID=true)');
    expect(run((p) => Object.assign(p.spec, { hostNetwork: false, hostPID: false, hostIPC: false })).allowed).toBe(true);
  });

  it('hostPathVolumes: fires at baseline, replaced by restrictedVolumes at restricted', () => {
    const mutate = (p: Json) => (p.spec.volumes = [{ name: 'host', hostPath: { path: '/' } }, { name: 'ok', emptyDir: {} }]);
    expect(only(run(mutate, 'baseline')).message).toBe('hostPath volumes (volume "host")');
    const r = only(run(mutate, 'restricted'));
    expect(r.check).toBe('restrictedVolumes');
    expect(r.message).toBe('restricted volume types (volume "host" uses restricted volume type "hostPath")');
    expect(run((p) => (p.spec.volumes = [{ name: 'ok', configMap: { name: 'c' } }]), 'baseline').allowed).toBe(true);
  });

  it('hostPorts: fires on hostPort, quiet on 0', () => {
    const v = only(run((p) => {
      p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 81 }];
      p.spec.initContainers[0].ports = [{ containerPort: 80, hostPort: 8080 }];
    }));
    expect(v.message).toBe('hostPort (containers "init", "app" use hostPorts 8080, 81)');
    expect(run((p) => (p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 0 }])).allowed).toBe(true);
  });

  it('hostProbesAndHostLifecycle: fires from v1.34 only', () => {
    const mutate = (p: Json) => {
      p.spec.containers[0].livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } };
      p.spec.containers[0].lifecycle = { preStop: { tcpSocket: { host: 'evil.example', port: 1 } } };
    };
    expect(only(run(mutate, 'baseline', 'v1.34')).message).toBe(
      'probe or lifecycle host (container "app" uses probe or lifecycle hosts "10.0.0.1", "evil.example")',
    );
    expect(run(mutate, 'baseline', 'v1.33').allowed).toBe(true);
    expect(run((p) => (p.spec.containers[0].livenessProbe = { httpGet: { host: '', port: 80 } })).allowed).toBe(true);
  });

  it('privileged: fires on privileged=true in an ephemeral container too', () => {
    const v = only(run((p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: 'x', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: true } }])));
    expect(v.message).toBe('privileged (container "debug" must not set securityContext.privileged=true)');
    expect(v.fields).toEqual(['spec.ephemeralContainers[0].securityContext.privileged']);
    expect(run((p) => (p.spec.containers[0].securityContext.privileged = false)).allowed).toBe(true);
  });

  it('procMount: Unmasked fails; from v1.35 baseline allows it with hostUsers: false, restricted does not', () => {
    const unmasked = (p: Json) => (p.spec.containers[0].securityContext.procMount = 'Unmasked');
    expect(only(run(unmasked, 'baseline', 'v1.34')).message).toBe('procMount (container "app" must not set securityContext.procMount to "Unmasked")');
    const userns = (p: Json) => { unmasked(p); p.spec.hostUsers = false; };
    expect(run(userns, 'baseline', 'v1.34').allowed).toBe(false);
    expect(run(userns, 'baseline', 'v1.35').allowed).toBe(true);
    expect(only(run(userns, 'restricted', 'v1.35')).check).toBe('procMount_restricted');
    expect(only(run(userns, 'restricted', 'v1.34')).check).toBe('procMount');
    expect(run((p) => (p.spec.containers[0].securityContext.procMount = 'Default')).allowed).toBe(true);
  });

  it('seLinuxOptions: fires on custom type/user/role; container_engine_t allowed from v1.31', () => {
    const v = only(run((p) => {
      p.spec.securityContext.seLinuxOptions = { type: 'spc_t', user: 'system_u' };
      p.spec.containers[0].securityContext.seLinuxOptions = { role: 'sysadm_r' };
    }));
    expect(v.message).toBe('seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)');
    const engine = (p: Json) => (p.spec.securityContext.seLinuxOptions = { type: 'container_engine_t', level: 's0:c1' });
    expect(run(engine, 'baseline', 'v1.30').allowed).toBe(false);
    expect(run(engine, 'baseline', 'v1.31').allowed).toBe(true);
  });

  it('seccompProfile_baseline: annotations before v1.19, fields from v1.19', () => {
    const ann = (p: Json) => {
      p.metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] = 'unconfined';
      p.metadata.annotations['container.seccomp.security.alpha.kubernetes.io/app'] = 'docker/default';
    };
    expect(only(run(ann, 'baseline', 'v1.18')).message).toBe('seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")');
    expect(run(ann, 'baseline', 'v1.19').allowed).toBe(true);
    const field = (p: Json) => (p.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' });
    expect(only(run(field, 'baseline', 'v1.19')).message).toBe('seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")');
    expect(run(field, 'baseline', 'v1.18').allowed).toBe(true);
  });

  it('sysctls: the allowed set grows with the version', () => {
    const s = (name: string) => (p: Json) => (p.spec.securityContext.sysctls = [{ name, value: '1' }]);
    expect(only(run(s('kernel.msgmax'), 'baseline')).message).toBe('forbidden sysctls (kernel.msgmax)');
    expect(run(s('net.ipv4.ip_local_reserved_ports'), 'baseline', 'v1.26').allowed).toBe(false);
    expect(run(s('net.ipv4.ip_local_reserved_ports'), 'baseline', 'v1.27').allowed).toBe(true);
    expect(run(s('net.ipv4.tcp_keepalive_time'), 'baseline', 'v1.28').allowed).toBe(false);
    expect(run(s('net.ipv4.tcp_keepalive_time'), 'baseline', 'v1.29').allowed).toBe(true);
    expect(run(s('net.ipv4.tcp_rmem'), 'baseline', 'v1.31').allowed).toBe(false);
    expect(run(s('net.ipv4.tcp_rmem'), 'baseline', 'v1.32').allowed).toBe(true);
    expect(run(s('net.ipv4.tcp_notsent_lowat'), 'baseline', 'v1.36').allowed).toBe(false);
    expect(run(s('net.ipv4.tcp_notsent_lowat'), 'baseline', 'latest').allowed).toBe(true);
  });

  it('windowsHostProcess: fires on hostProcess=true', () => {
    const v = only(run((p) => (p.spec.securityContext.windowsOptions = { hostProcess: true })));
    expect(v.message).toBe('hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)');
    expect(run((p) => (p.spec.securityContext.windowsOptions = { hostProcess: false })).allowed).toBe(true);
  });
});

describe('restricted checks', () => {
  it('allowPrivilegeEscalation: must be explicitly false from v1.8; windows pods exempt from v1.25', () => {
    const unset = (p: Json) => delete p.spec.containers[0].securityContext.allowPrivilegeEscalation;
    expect(only(run(unset)).message).toBe('allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)');
    expect(run(unset, 'restricted', 'v1.7').allowed).toBe(true);
    const win = (p: Json) => { unset(p); p.spec.os = { name: 'windows' }; };
    expect(run(win, 'restricted', 'v1.24').allowed).toBe(false);
    expect(run(win, 'restricted', 'v1.25').allowed).toBe(true);
  });

  it('capabilities_restricted: drop ALL, add only NET_BIND_SERVICE; overrides capabilities_baseline from v1.22', () => {
    const v = only(run((p) => {
      p.spec.containers[0].securityContext.capabilities = { add: ['NET_BIND_SERVICE', 'CHOWN'] };
      delete p.spec.initContainers[0].securityContext.capabilities;
    }));
    expect(v.check).toBe('capabilities_restricted');
    expect(v.message).toBe(
      'unrestricted capabilities (containers "init", "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN" in securityContext.capabilities.add)',
    );
    const raw = (p: Json) => (p.spec.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] });
    expect(only(run(raw, 'restricted', 'v1.21')).check).toBe('capabilities_baseline');
    expect(only(run(raw, 'restricted', 'v1.22')).check).toBe('capabilities_restricted');
    expect(run((p) => (p.spec.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] })).allowed).toBe(true);
  });

  it('restrictedVolumes: names each restricted type; a source-less volume is defaulted to emptyDir', () => {
    const v = only(run((p) => (p.spec.volumes = [{ name: 'a', nfs: { server: 's', path: '/' } }, { name: 'b', gitRepo: { repository: 'r' } }, { name: 'c', foo: {} }])));
    expect(v.message).toBe('restricted volume types (volumes "a", "b" use restricted volume types "gitRepo", "nfs")');
    expect(run((p) => (p.spec.volumes = [{ name: 'implicit' }, { name: 'img', image: { reference: 'x' } }])).allowed).toBe(true);
  });

  it('runAsNonRoot: pod-level true or every container true; explicit false named', () => {
    expect(only(run((p) => delete p.spec.securityContext.runAsNonRoot)).message).toBe(
      'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
    );
    expect(only(run((p) => (p.spec.containers[0].securityContext.runAsNonRoot = false))).message).toBe(
      'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)',
    );
    expect(run((p) => {
      delete p.spec.securityContext.runAsNonRoot;
      p.spec.containers[0].securityContext.runAsNonRoot = true;
      p.spec.initContainers[0].securityContext.runAsNonRoot = true;
    }).allowed).toBe(true);
    const userns = (p: Json) => { delete p.spec.securityContext.runAsNonRoot; p.spec.hostUsers = false; };
    expect(run(userns, 'restricted', 'v1.34').allowed).toBe(false);
    expect(run(userns, 'restricted', 'v1.35').allowed).toBe(true);
  });

  it('runAsUser: 0 forbidden from v1.23; allowed in a user namespace from v1.35', () => {
    const root = (p: Json) => { p.spec.securityContext.runAsUser = 0; p.spec.containers[0].securityContext.runAsUser = 0; };
    expect(only(run(root)).message).toBe('runAsUser=0 (pod and container "app" must not set runAsUser=0)');
    expect(run(root, 'restricted', 'v1.22').allowed).toBe(true);
    expect(run((p) => { root(p); p.spec.hostUsers = false; }, 'restricted', 'v1.35').allowed).toBe(true);
    expect(run((p) => (p.spec.securityContext.runAsUser = 1000)).allowed).toBe(true);
  });

  it('seccompProfile_restricted: must be set at pod level or on every container, from v1.19', () => {
    const unset = (p: Json) => delete p.spec.securityContext.seccompProfile;
    expect(only(run(unset)).message).toBe(
      'seccompProfile (pod or containers "init", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(run(unset, 'restricted', 'v1.18').allowed).toBe(true);
    expect(run((p) => { unset(p); p.spec.os = { name: 'windows' }; }, 'restricted', 'v1.25').allowed).toBe(true);
    expect(run((p) => {
      unset(p);
      p.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'x' };
      p.spec.initContainers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    }).allowed).toBe(true);
  });
});

describe('robustness', () => {
  it('never throws on odd shapes: wrong types count as unset', () => {
    const odd = [null, 5, 'x', [], { containers: 'nope' }, { containers: [null, 3, { securityContext: 'x' }] }, { volumes: {} }, { securityContext: [] }];
    for (const spec of odd) {
      expect(() => evaluatePod(undefined, spec, 'restricted', 'latest')).not.toThrow();
      expect(() => evaluatePod({ annotations: null as any }, spec, 'baseline', 'v1.0')).not.toThrow();
    }
  });

  it('does not modify the input spec when defaulting volumes', () => {
    const spec = { containers: [], volumes: [{ name: 'v' }] };
    evaluatePod(undefined, spec, 'restricted', 'latest');
    expect(spec.volumes[0]).toEqual({ name: 'v' });
  });
});
