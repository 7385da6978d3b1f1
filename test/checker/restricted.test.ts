// `--policy restricted`: each field Pod Security "restricted" admission would refuse, named.
import * as path from 'path';
import { main } from '../../src/cli/check';
import { check, checkDocuments, CheckReport } from '../../src/checker';
import { fixture, loadDocuments, withEdit } from './helpers';

// Tests poke at arbitrary manifest structure; typing every path would only add noise.
type Obj = Record<string, any>;

const good = loadDocuments('restricted-good');
const POD = 'spec.template.spec';
const WEB = `${POD}.containers[0]`;

/** [severity, rule, field] of the restricted policy's findings. */
function restricted(report: CheckReport): string[][] {
  return report.problems.filter((p) => p.rule.startsWith('restricted.')).map((p) => [p.severity, p.rule, p.field]);
}

function plant(edit: (pod: Obj, web: Obj) => void): CheckReport {
  const docs = withEdit(good, 'web.deployment.yaml', (d) => edit(d.spec.template.spec, d.spec.template.spec.containers[0]), 'Deployment');
  return checkDocuments(docs, { policy: 'restricted' });
}

describe('the restricted policy', () => {
  it('passes a pod written for restricted, with no other problem either', () => {
    expect(check(fixture('restricted-good'), { policy: 'restricted' }).problems).toEqual([]);
  });

  it.each<[string, (pod: Obj, web: Obj) => void, string, string]>([
    ['hostNetwork', (pod) => { pod.hostNetwork = true; }, 'restricted.host-namespaces', `${POD}.hostNetwork`],
    ['hostPID', (pod) => { pod.hostPID = true; }, 'restricted.host-namespaces', `${POD}.hostPID`],
    ['hostIPC', (pod) => { pod.hostIPC = true; }, 'restricted.host-namespaces', `${POD}.hostIPC`],
    ['privileged', (_, web) => { web.securityContext.privileged = true; }, 'restricted.privileged', `${WEB}.securityContext.privileged`],
    ['capabilities not dropped', (_, web) => { web.securityContext.capabilities.drop = ['NET_RAW']; }, 'restricted.capabilities', `${WEB}.securityContext.capabilities.drop`],
    ['capability added', (_, web) => { web.securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; }, 'restricted.capabilities', `${WEB}.securityContext.capabilities.add[1]`],
    ['hostPath volume', (pod) => { pod.volumes[0] = { name: 'tmp', hostPath: { path: '/tmp' } }; }, 'restricted.host-path', `${POD}.volumes[0].hostPath`],
    ['non-core volume type', (pod) => { pod.volumes[0] = { name: 'tmp', nfs: { server: 'nfs', path: '/x' } }; }, 'restricted.volume-types', `${POD}.volumes[0].nfs`],
    ['hostPort', (_, web) => { web.ports[0].hostPort = 8080; }, 'restricted.host-ports', `${WEB}.ports[0].hostPort`],
    ['allowPrivilegeEscalation unset', (_, web) => { delete web.securityContext.allowPrivilegeEscalation; }, 'restricted.privilege-escalation', `${WEB}.securityContext.allowPrivilegeEscalation`],
    ['runAsNonRoot unset', (pod) => { delete pod.securityContext.runAsNonRoot; }, 'restricted.run-as-non-root', `${POD}.securityContext.runAsNonRoot`],
    ['runAsNonRoot false on a container', (_, web) => { web.securityContext.runAsNonRoot = false; }, 'restricted.run-as-non-root', `${WEB}.securityContext.runAsNonRoot`],
    ['runAsUser 0', (_, web) => { web.securityContext.runAsUser = 0; }, 'restricted.run-as-user', `${WEB}.securityContext.runAsUser`],
    ['seccomp unset', (pod) => { delete pod.securityContext.seccompProfile; }, 'restricted.seccomp', `${POD}.securityContext.seccompProfile.type`],
    ['seccomp Unconfined', (_, web) => { web.securityContext.seccompProfile = { type: 'Unconfined' }; }, 'restricted.seccomp', `${WEB}.securityContext.seccompProfile.type`],
    ['procMount', (_, web) => { web.securityContext.procMount = 'Unmasked'; }, 'restricted.proc-mount', `${WEB}.securityContext.procMount`],
    ['unsafe sysctl', (pod) => { pod.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, 'restricted.sysctls', `${POD}.securityContext.sysctls[0].name`],
    ['AppArmor Unconfined', (_, web) => { web.securityContext.appArmorProfile = { type: 'Unconfined' }; }, 'restricted.apparmor', `${WEB}.securityContext.appArmorProfile.type`],
    ['SELinux type', (pod) => { pod.securityContext.seLinuxOptions = { type: 'spc_t' }; }, 'restricted.selinux', `${POD}.securityContext.seLinuxOptions.type`],
    ['seccomp Unconfined on the pod', (pod) => { pod.securityContext.seccompProfile = { type: 'Unconfined' }; }, 'restricted.seccomp', `${POD}.securityContext.seccompProfile.type`],
    ['runAsNonRoot false on the pod', (pod) => { pod.securityContext.runAsNonRoot = false; }, 'restricted.run-as-non-root', `${POD}.securityContext.runAsNonRoot`],
  ])('names the field for %s', (_, edit, rule, field) => {
    expect(restricted(plant(edit))).toEqual([['error', rule, field]]);
  });

  it('checks init containers too, and accepts runAsNonRoot and seccomp set on every container instead of the pod', () => {
    const init = plant((pod) => { delete pod.initContainers[0].securityContext.allowPrivilegeEscalation; });
    expect(restricted(init)).toEqual([['error', 'restricted.privilege-escalation', `${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`]]);
    const perContainer = plant((pod) => {
      delete pod.securityContext.runAsNonRoot;
      delete pod.securityContext.seccompProfile;
      for (const c of [...pod.initContainers, ...pod.containers]) Object.assign(c.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } });
    });
    expect(restricted(perContainer)).toEqual([]);
  });

  it('skips the Linux-only controls (seccomp, privilege escalation, capabilities) for a Windows pod', () => {
    const windows = plant((pod) => {
      pod.os = { name: 'windows' };
      delete pod.securityContext.seccompProfile;
      for (const c of [...pod.initContainers, ...pod.containers]) c.securityContext = {};
    });
    expect(restricted(windows)).toEqual([]);
  });

  it('exempts pods of a Namespace labelled enforce: privileged, and checks the others', () => {
    expect(restricted(check(fixture('restricted-privileged-namespace'), { policy: 'restricted' }))).toEqual([
      ['info', 'restricted.exempt', '-'],
      ['error', 'restricted.host-namespaces', `${POD}.hostIPC`],
    ]);
  });

  it('names every violation of the modern profile; cadvisor in kube-system gets notes only', () => {
    const report = check(path.join(__dirname, '..', '..', 'dist-modern'), { policy: 'restricted' });
    const byObject = new Map<string, string[]>();
    for (const p of report.problems.filter((x) => x.rule.startsWith('restricted.'))) {
      byObject.set(p.object, [...(byObject.get(p.object) ?? []), `${p.severity} ${p.rule} ${p.field}`]);
    }
    expect(Object.fromEntries(byObject)).toMatchSnapshot();
    const apps = ['Deployment/default/poll', 'Deployment/default/result', 'Deployment/default/worker', 'Deployment/default/redis', 'Deployment/default/postgres', 'Deployment/kube-public/traefik'];
    for (const app of apps) {
      expect(byObject.get(app)).toEqual(expect.arrayContaining([
        `error restricted.privilege-escalation ${WEB}.securityContext.allowPrivilegeEscalation`,
        `error restricted.run-as-non-root ${POD}.securityContext.runAsNonRoot`,
        `error restricted.seccomp ${POD}.securityContext.seccompProfile.type`,
        `error restricted.capabilities ${WEB}.securityContext.capabilities.drop`,
      ]));
    }
    const cadvisor = byObject.get('DaemonSet/kube-system/cadvisor') ?? [];
    expect(cadvisor).toContain(`info restricted.privileged ${WEB}.securityContext.privileged`);
    expect(cadvisor).toContain(`info restricted.host-path ${POD}.volumes[0].hostPath`);
    expect(cadvisor.every((line) => line.startsWith('info '))).toBe(true);
  });
});

describe('several policies', () => {
  it('applies each policy named, and the report lists them', () => {
    const report = check(path.join(__dirname, '..', '..', 'dist'), { policy: ['restricted', 'bernstein'] });
    expect(report.policy).toBe('bernstein,restricted');
    // The Bernstein policy ran: it lets the spec's google/cadvisor:latest pass.
    expect(report.problems.some((p) => p.rule === 'image.floating-tag')).toBe(false);
    expect(check(path.join(__dirname, '..', '..', 'dist'), { policy: ['restricted'] }).problems.some((p) => p.rule === 'image.floating-tag')).toBe(true);
    expect(report.problems.some((p) => p.rule.startsWith('restricted.'))).toBe(true);
  });

  it.each([[['--policy', 'bernstein,restricted']], [['--policy', 'bernstein', '--policy', 'restricted']]])('the CLI accepts %j', async (args) => {
    let stdout = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      expect(await main([...args, '--format', 'json', path.join(__dirname, '..', '..', 'dist')])).toBe(1);
    } finally {
      out.mockRestore();
    }
    expect((JSON.parse(stdout) as CheckReport).policy).toBe('bernstein,restricted');
  });
});
