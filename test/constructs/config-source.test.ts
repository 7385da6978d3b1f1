import { ConfigSource } from '../../src/constructs/config-source';
import { ValidationError } from '../../src/validation/prop-checker';
import { toEnvVars } from '../../src/constructs/env-binding';
import { testChart } from '../helpers/chart';

describe('ConfigSource', () => {
  test('binds existing keys and refuses missing ones by name', () => {
    const store = new ConfigSource(testChart(), 'S', { name: 'db', namespace: 'default', kind: 'Secret', entries: { USER: 'u' } });
    expect(store.bind('USER', 'DB_USER')).toEqual({ name: 'DB_USER', sourceKind: 'Secret', sourceName: 'db', key: 'USER', source: store });
    expect(() => store.bind('PASSWORD')).toThrow(new ValidationError(['Secret db has no key "PASSWORD"; allowed: USER'], 'test/S'));
  });

  test('secret values are base64 of the exact bytes, unicode included', () => {
    const chart = testChart();
    new ConfigSource(chart, 'S', { name: 'db', namespace: 'default', kind: 'Secret', entries: { P: 'pä$$ w\u00f6rd' } });
    const json = chart.toJson()[0] as { data: Record<string, string> };
    expect(Buffer.from(json.data.P, 'base64').toString('utf-8')).toBe('pä$$ w\u00f6rd');
  });

  test('two variables of one name in a container are refused', () => {
    const store = new ConfigSource(testChart(), 'C', { name: 'c', namespace: 'default', kind: 'ConfigMap', entries: { A: '1' } });
    expect(() => toEnvVars([store.bind('A'), store.bind('A')], 'app')).toThrow('app: environment variable A is bound twice');
  });
});
