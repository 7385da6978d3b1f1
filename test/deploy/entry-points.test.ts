// The ways into a chart (entryPoints): node ports as they are, routes through the chart's own
// controller on its http node port, routes through a controller outside the chart as they are.
import { Traefik } from '../../src/constructs/traefik';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { entryPoints, NODE_PLACEHOLDER } from '../../src/deploy/entry-points';
import { testChart } from '../helpers/chart';

test('node ports, routes through the chart\'s controller (its http node port, the path unless it is /), routes through the cluster\'s own controller', () => {
  const chart = testChart();
  const edge = new Traefik(chart, 'Edge', { name: 'edge', namespace: 'ingress', httpNodePort: 31080, dashboard: 'unauthenticated', dashboardNodePort: 31808 });
  new StatelessApp(chart, 'Voter', { name: 'voter', image: 'v:1', port: 80, route: { host: 'vote.example', path: '/vote', controller: edge } });
  new StatelessApp(chart, 'Home', { name: 'home', image: 'h:1', port: 80, route: { host: 'home.example', controller: edge } });
  new StatelessApp(chart, 'Site', { name: 'site', image: 's:1', port: 8080, route: { host: 'site.example', path: '/app', controller: { ingressClass: 'nginx' } } });
  new StatelessApp(chart, 'Api', { name: 'api', image: 'a:1', port: 8080, nodePort: 30500 });
  new StatelessApp(chart, 'Worker', { name: 'worker', image: 'w:1' });
  expect(NODE_PLACEHOLDER).toBe('<node>');
  expect(entryPoints(chart)).toEqual([
    { component: 'edge', label: 'http', url: 'http://<node>:31080', viaNode: true },
    { component: 'edge', label: 'admin', url: 'http://<node>:31808', viaNode: true },
    { component: 'voter', label: 'vote.example', url: 'http://vote.example:31080/vote', host: 'vote.example', viaNode: true },
    { component: 'home', label: 'home.example', url: 'http://home.example:31080', host: 'home.example', viaNode: true },
    { component: 'site', label: 'site.example', url: 'http://site.example/app', host: 'site.example', viaNode: false },
    { component: 'api', label: 'http', url: 'http://<node>:30500', viaNode: true },
  ]);
});
