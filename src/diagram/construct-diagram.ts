import { IConstruct } from 'constructs';
import { topologyMermaid, TopologyMermaidOptions } from './mermaid';
import { layoutChart } from '../output/layout';

/**
 * The picture of your own app, from its construct tree: the Mermaid `flowchart LR` that
 * `bernstein-cdk8s diagram` draws for a folder, of the objects under `scope` (a chart, or an
 * `App` holding several), with the same checks as {@link writeManifests} and nothing written.
 * Paste it in a Markdown file: GitHub, GitLab and most editors draw it.
 *
 * @example
 * const postgres = new Postgres(chart, 'Postgres', { credentials: { user: 'shop', password: 'dev', database: 'shop' } });
 * new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1.0', port: 8080, env: postgres.connectionEnv() });
 * const picture: string = mermaidDiagram(chart, { title: 'shop' }); // flowchart LR: api --> postgres
 */
export function mermaidDiagram(scope: IConstruct, options: TopologyMermaidOptions = {}): string {
  return topologyMermaid(layoutChart(scope), options);
}
