import { renderYaml } from '../../src/output/render';

describe('renderYaml', () => {
  test('quotes strings that YAML 1.1 readers (PyYAML) would turn into booleans or octals', () => {
    const text = renderYaml([{ data: { A: 'on', B: 'yes', C: '0775', D: 'true', E: '5432', F: 'plain' } }]);
    expect(text).toBe('---\ndata:\n  A: "on"\n  B: "yes"\n  C: "0775"\n  D: "true"\n  E: "5432"\n  F: plain\n');
  });

  test('every document starts with --- and long lines are never folded', () => {
    const long = 'x '.repeat(200).trim();
    const text = renderYaml([{ a: long }, { b: 1 }]);
    expect(text).toBe(`---\na: ${long}\n---\nb: 1\n`);
  });
});
