/**
 * The `restricted` policy: every field of every pod template that Pod Security admission at the
 * "restricted" level (latest) would refuse, named by its path. Restricted is "baseline" plus
 * its own controls; both are checked. Source: kubernetes.io/docs/concepts/security/
 * pod-security-standards/ (see docs/checker.md for the table of controls).
 *
 * Pods in a Namespace of the folder labelled `pod-security.kubernetes.io/enforce: privileged`
 * are exempt (one note each). Pods in kube-system get their findings as notes: clusters that
 * enforce "restricted" by default exempt kube-system in their admission configuration.
 */
import { RuleContext } from '../context';
import { asArray, asObject, asString, dig, isObject, path, stringMap } from '../../manifests/json';
import { ContainerRef, containersOf, PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { JsonObject, JsonValue, Problem, Severity } from '../types';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** Namespace that cluster admission configurations exempt. */
const SYSTEM_NAMESPACE = 'kube-system';

/** Capabilities baseline lets a container add (the container runtime's default set). */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
/** Sysctls baseline allows ("safe" sysctls, namespaced and isolated). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);
/** SELinux types baseline allows. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Volume types restricted allows. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

interface Finding {
  readonly rule: string;
  readonly field: string;
  readonly message: string;
}

export function checkRestricted(ctx: RuleContext): Problem[] {
  const privileged = new Set(
    ctx.inventory.ofKind('Namespace').filter((ns) => stringMap(dig(ns.body, 'metadata', 'labels'))[ENFORCE_LABEL] === 'privileged').map((ns) => ns.name),
  );
  return ctx.templates.flatMap((t): Problem[] => {
    if (privileged.has(t.namespace)) {
      return [objectProblem(t.owner, 'info', 'restricted.exempt', '-', `namespace ${t.namespace} is labelled ${ENFORCE_LABEL}: privileged in this folder: its pods are exempt`)];
    }
    const findings = restrictedFindings(t);
    const system = t.namespace === SYSTEM_NAMESPACE;
    const severity: Severity = system ? 'info' : 'error';
    const suffix = system ? ` (${SYSTEM_NAMESPACE} is usually exempt from Pod Security admission, so only a note)` : '';
    return findings.map((f) => objectProblem(t.owner, severity, f.rule, f.field, f.message + suffix));
  });
}

/** Every field of the pod template that Pod Security "restricted" refuses. */
export function restrictedFindings(t: PodTemplate): Finding[] {
  const out: Finding[] = [];
  const pod = t.spec;
  const podPath = t.specPath;
  const podContext = asObject(pod.securityContext) ?? {};
  const podContextPath = path(podPath, 'securityContext');
  const add = (rule: string, field: string, message: string): void => {
    out.push({ rule: `restricted.${rule}`, field, message });
  };
  // Seccomp, privilege escalation and capabilities are Linux controls: Pod Security skips them
  // for pods that declare spec.os.name: windows.
  const linux = asString(dig(pod, 'os', 'name')) !== 'windows';

  // Baseline: host namespaces, host processes, host paths and ports, privileged, capabilities,
  // AppArmor, SELinux, /proc mount, seccomp Unconfined, sysctls.
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[key] === true) add('host-namespaces', path(podPath, key), `${key}: true shares the node's namespaces; must be false or unset`);
  }
  if (dig(podContext, 'windowsOptions', 'hostProcess') === true) add('host-process', path(podContextPath, 'windowsOptions', 'hostProcess'), 'Windows host-process pods are not allowed');
  asArray(pod.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type === undefined) return;
    if (type === 'hostPath') add('host-path', path(podPath, 'volumes', i, 'hostPath'), `hostPath volume "${asString(v.name) ?? i}" (${asString(dig(v, 'hostPath', 'path')) ?? '?'}) exposes the node's file system; not allowed`);
    else if (!RESTRICTED_VOLUME_TYPES.has(type)) add('volume-types', path(podPath, 'volumes', i, type), `volume type ${type} is not allowed; allowed: ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`);
  });
  checkAppArmor(asObject(podContext.appArmorProfile), path(podContextPath, 'appArmorProfile'), add);
  for (const [key, value] of Object.entries(stringMap(dig(t.owner.body, ...metadataPath(t), 'annotations')))) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      add('apparmor', path(t.labelsPath.replace(/labels$/, 'annotations'), key), `AppArmor profile "${value}" is not allowed; use runtime/default or localhost/<profile>`);
    }
  }
  checkSeLinux(asObject(podContext.seLinuxOptions), path(podContextPath, 'seLinuxOptions'), add);
  asArray(podContext.sysctls).forEach((s, i) => {
    const name = isObject(s) ? asString(s.name) : undefined;
    if (name && !SAFE_SYSCTLS.has(name)) add('sysctls', path(podContextPath, 'sysctls', i, 'name'), `sysctl ${name} is not in the safe set`);
  });

  // Restricted at pod level: non-root, seccomp, root user.
  const podNonRoot = podContext.runAsNonRoot;
  const podSeccomp = asString(dig(podContext, 'seccompProfile', 'type'));
  if (linux && podSeccomp === 'Unconfined') add('seccomp', path(podContextPath, 'seccompProfile', 'type'), 'seccompProfile Unconfined is not allowed; use RuntimeDefault or Localhost');
  if (podContext.runAsUser === 0) add('run-as-user', path(podContextPath, 'runAsUser'), 'runAsUser 0 (root) is not allowed');
  if (podNonRoot === false) add('run-as-non-root', path(podContextPath, 'runAsNonRoot'), 'runAsNonRoot: false is not allowed; set it to true');

  const containers = containersOf(t);
  const nonRootMissing: string[] = [];
  const seccompMissing: string[] = [];
  for (const c of containers) {
    const sc = asObject(c.container.securityContext) ?? {};
    const scPath = path(c.path, 'securityContext');
    if (sc.privileged === true) add('privileged', path(scPath, 'privileged'), `container "${c.name}" is privileged; must be false or unset`);
    if (linux) checkCapabilities(c, sc, scPath, add);
    asArray(c.container.ports).forEach((p, i) => {
      if (isObject(p) && typeof p.hostPort === 'number' && p.hostPort !== 0) add('host-ports', path(c.path, 'ports', i, 'hostPort'), `container "${c.name}" binds host port ${p.hostPort}; not allowed`);
    });
    checkAppArmor(asObject(sc.appArmorProfile), path(scPath, 'appArmorProfile'), add);
    checkSeLinux(asObject(sc.seLinuxOptions), path(scPath, 'seLinuxOptions'), add);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') add('proc-mount', path(scPath, 'procMount'), `container "${c.name}" uses procMount ${String(sc.procMount)}; must be Default or unset`);
    if (dig(sc, 'windowsOptions', 'hostProcess') === true) add('host-process', path(scPath, 'windowsOptions', 'hostProcess'), `container "${c.name}" is a Windows host process; not allowed`);
    if (linux && sc.allowPrivilegeEscalation !== false) {
      add('privilege-escalation', path(scPath, 'allowPrivilegeEscalation'), `container "${c.name}" must set allowPrivilegeEscalation: false${sc.allowPrivilegeEscalation === undefined ? ' (unset means true)' : ''}`);
    }
    if (sc.runAsNonRoot === false) add('run-as-non-root', path(scPath, 'runAsNonRoot'), `container "${c.name}" sets runAsNonRoot: false; must be true`);
    else if (sc.runAsNonRoot !== true && podNonRoot !== true) nonRootMissing.push(c.name);
    if (sc.runAsUser === 0) add('run-as-user', path(scPath, 'runAsUser'), `container "${c.name}" runs as user 0 (root); not allowed`);
    const seccomp = asString(dig(sc, 'seccompProfile', 'type'));
    if (!linux) continue;
    if (seccomp === 'Unconfined') add('seccomp', path(scPath, 'seccompProfile', 'type'), `container "${c.name}" sets seccompProfile Unconfined; use RuntimeDefault or Localhost`);
    else if (seccomp === undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') seccompMissing.push(c.name);
  }
  // A pod-level false or Unconfined is already reported on that same field.
  if (nonRootMissing.length > 0 && podNonRoot !== false) {
    add('run-as-non-root', path(podContextPath, 'runAsNonRoot'), `runAsNonRoot must be true on the pod or on every container (not set for ${nonRootMissing.map((n) => `"${n}"`).join(', ')})`);
  }
  if (seccompMissing.length > 0 && podSeccomp !== 'Unconfined') {
    add('seccomp', path(podContextPath, 'seccompProfile', 'type'), `seccompProfile.type must be RuntimeDefault or Localhost on the pod or on every container (not set for ${seccompMissing.map((n) => `"${n}"`).join(', ')})`);
  }
  return out;
}

function metadataPath(t: PodTemplate): string[] {
  // labelsPath is `<template metadata>.labels`; the annotations sit next to the labels.
  return t.labelsPath.split('.').slice(0, -1);
}

type Add = (rule: string, field: string, message: string) => void;

function checkCapabilities(c: ContainerRef, sc: JsonObject, scPath: string, add: Add): void {
  const capabilities = asObject(sc.capabilities) ?? {};
  const drops = asArray(capabilities.drop).filter((d): d is string => typeof d === 'string');
  if (!drops.includes('ALL')) add('capabilities', path(scPath, 'capabilities', 'drop'), `container "${c.name}" must drop ALL capabilities`);
  asArray(capabilities.add).forEach((cap: JsonValue, i) => {
    if (typeof cap !== 'string' || cap === 'NET_BIND_SERVICE') return;
    const beyondBaseline = BASELINE_CAPABILITIES.has(cap) ? '' : ' (not even baseline allows it)';
    add('capabilities', path(scPath, 'capabilities', 'add', i), `container "${c.name}" adds capability ${cap}${beyondBaseline}; only NET_BIND_SERVICE may be added`);
  });
}

function checkAppArmor(profile: JsonObject | undefined, at: string, add: Add): void {
  const type = asString(profile?.type);
  if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost') add('apparmor', path(at, 'type'), `AppArmor profile ${type} is not allowed; use RuntimeDefault or Localhost`);
}

function checkSeLinux(options: JsonObject | undefined, at: string, add: Add): void {
  if (!options) return;
  const type = asString(options.type);
  if (type !== undefined && !SELINUX_TYPES.has(type)) add('selinux', path(at, 'type'), `SELinux type ${type} is not allowed; allowed: ${[...SELINUX_TYPES].filter(Boolean).join(', ')}`);
  for (const key of ['user', 'role'] as const) {
    const value = asString(options[key]);
    if (value !== undefined && value !== '') add('selinux', path(at, key), `setting the SELinux ${key} is not allowed`);
  }
}
