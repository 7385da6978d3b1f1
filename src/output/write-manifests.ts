import { IConstruct } from 'constructs';
import { layoutChart, ManifestFile } from './layout';
import { renderFiles } from './render';
import { writeFolderAtomically } from './write';
import { ValidationError } from '../validation/prop-checker';

/** What {@link writeManifests} wrote. */
export interface WrittenManifests {
  /** The folder, as given. */
  readonly outdir: string;
  /** The files, sorted by name, with the objects each one holds. */
  readonly files: readonly ManifestFile[];
}

/**
 * The manifests of every Kubernetes object under `scope`, in memory: file name
 * (`<component>.<kind>.yaml`) → YAML text, sorted by file name. Same checks as
 * {@link writeManifests}, nothing written.
 */
export function renderManifests(scope: IConstruct): ReadonlyMap<string, string> {
  return renderFiles(layoutChart(scope));
}

/**
 * Writes every Kubernetes object under `scope` (a chart, or an `App` holding several charts)
 * into `outdir` as one file per component and kind, `<component>.<kind>.yaml`, e.g.
 * `postgres.deployment.yaml`; a PersistentVolume shares `<component>.volume.yaml` with its
 * claim, RBAC objects share `<component>.rbac.yaml`. An object you create inside a component
 * (your own `k8s.KubeCronJob` with the postgres component as its scope) lands in that
 * component's files.
 *
 * Before anything is written it runs the cdk8s validations (`node.addValidation`) and checks
 * that every object is inside a component and that no two objects share kind, namespace and
 * name; any failure throws one error naming every problem and leaves `outdir` untouched.
 * The write is atomic (a sibling folder renamed over `outdir`, so no stale file survives) and
 * deterministic (the same constructs give byte-identical files). `outdir` is replaced whole,
 * so it must be a new or empty folder, or one holding only files this function (or the CLI's
 * synth) wrote, unedited: anything else, a README, your own manifest, a hand-edited output
 * file, makes it throw a ValidationError naming those files, with nothing changed.
 *
 * @example
 * const app = new App();
 * const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });
 * new Redis(chart, 'Redis');
 * writeManifests(chart, 'manifests'); // manifests/redis.configmap.yaml, redis.deployment.yaml, redis.service.yaml
 */
export function writeManifests(scope: IConstruct, outdir: string): WrittenManifests {
  const files = layoutChart(scope);
  if (files.length === 0) {
    throw new ValidationError([`writeManifests: scope "${scope.node.path || '(app)'}" holds no Kubernetes object, so nothing would be written to ${outdir}; allowed: a chart or app holding at least one component`]);
  }
  writeFolderAtomically(outdir, renderFiles(files), 'writeManifests: outdir');
  return { outdir, files };
}
