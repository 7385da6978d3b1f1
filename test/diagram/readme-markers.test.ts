import { readmeDiagramStacks, topologyMarkers, updateReadmeDiagrams } from '../../src/diagram';

const BEGIN = '<!-- topology:bernstein:begin -->';
const END = '<!-- topology:bernstein:end -->';
const PICTURE = 'flowchart LR\n  a["a"]\n';

const readme = [
  '# Title',
  '',
  `The picture between \`${BEGIN}\` and its end marker is generated.`,
  '',
  BEGIN,
  'old content',
  '```mermaid',
  'flowchart TB',
  '```',
  END,
  '',
  '## After',
  'kept',
  '',
].join('\n');

describe('updateReadmeDiagrams', () => {
  test('replaces only what lies between the marker lines with a mermaid block', () => {
    const updated = updateReadmeDiagrams(readme, new Map([['bernstein', PICTURE]]));
    expect(updated).toBe([
      '# Title',
      '',
      `The picture between \`${BEGIN}\` and its end marker is generated.`,
      '',
      BEGIN,
      '```mermaid',
      'flowchart LR',
      '  a["a"]',
      '```',
      END,
      '',
      '## After',
      'kept',
      '',
    ].join('\n'));
  });

  test('is idempotent, and an empty map changes nothing', () => {
    const once = updateReadmeDiagrams(readme, new Map([['bernstein', PICTURE]]));
    expect(updateReadmeDiagrams(once, new Map([['bernstein', PICTURE]]))).toBe(once);
    expect(updateReadmeDiagrams(readme, new Map())).toBe(readme);
  });

  test('handles several stacks, empty blocks, indented markers and CRLF files', () => {
    const other = topologyMarkers('other');
    const text = [`  ${BEGIN}`, `  ${END}`, 'middle', other.begin, 'x', other.end].join('\r\n');
    const updated = updateReadmeDiagrams(text, new Map([['other', 'flowchart LR\n  o["o"]'], ['bernstein', PICTURE]]));
    expect(updated).toBe([`  ${BEGIN}`, '```mermaid', 'flowchart LR', '  a["a"]', '```', `  ${END}`, 'middle', other.begin, '```mermaid', 'flowchart LR', '  o["o"]', '```', other.end].join('\r\n'));
  });

  test.each([
    ['no markers at all', '# Title\n', 'README has no topology markers for stack "bernstein"'],
    ['a marker quoted in prose is not a marker', `see ${BEGIN} and ${END}\n`, 'README has no topology markers for stack "bernstein"'],
    ['begin without end', `${BEGIN}\n`, 'exactly one "<!-- topology:bernstein:begin -->" and one "<!-- topology:bernstein:end -->" line for stack "bernstein" (found 1 and 0)'],
    ['two begins', `${BEGIN}\n${END}\n${BEGIN}\n${END}\n`, 'for stack "bernstein" (found 2 and 2)'],
    ['end before begin', `${END}\n${BEGIN}\n`, 'comes before'],
    ['another stack inside', `${BEGIN}\n<!-- topology:other:begin -->\n<!-- topology:other:end -->\n${END}\n`, 'enclose another marker'],
  ])('%s: an error naming the stack', (_, text, message) => {
    expect(() => updateReadmeDiagrams(text, new Map([['bernstein', PICTURE]]))).toThrow(message);
  });

  test('readmeDiagramStacks lists stacks with marker lines, in order, ignoring prose', () => {
    expect(readmeDiagramStacks(`x ${BEGIN}\n<!-- topology:b:begin -->\n${END}\n<!-- topology:b:end -->\n`)).toEqual(['b', 'bernstein']);
    expect(readmeDiagramStacks(readme)).toEqual(['bernstein']);
    expect(readmeDiagramStacks('# nothing\n')).toEqual([]);
  });
});
