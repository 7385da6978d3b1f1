import { synthesize } from '../../src/synth';
import { topologyMermaid } from '../../src/diagram';

const picture = (stack: string) => topologyMermaid(synthesize({ stack, env: {} }).files);

describe('connections named by URL-like settings', () => {
  test.each([
    ['promotions', 'c_promotions --> c_logger'],
    ['lifespan', 'c_frontend --> c_backend'],
    ['smack', 'c_spark_worker --> c_spark_master'],
  ])('%s draws %s', (stack, edge) => {
    expect(picture(stack)).toContain(edge);
  });

  test('peer lists of stateful members (pod DNS names) draw no self edges', () => {
    expect(picture('smack')).not.toMatch(/c_kafka --> c_kafka|c_cassandra --> c_cassandra/);
  });
});
