import { App, Chart } from 'cdk8s';
import { layoutChart } from '../../src/output/layout';
import { renderYaml } from '../../src/output/render';
import { FiledObject, parseRendered } from './manifests';

/** A bare chart to put constructs under test in. */
export function testChart(): Chart {
  return new Chart(new App({ outdir: 'unused' }), 'test', { disableResourceNameHashes: true });
}

/** Lays out and parses what `chart` would write. */
export function chartObjects(chart: Chart): FiledObject[] {
  return parseRendered(new Map(layoutChart(chart).map((f) => [f.fileName, renderYaml(f.documents)])));
}
