// The "did you mean" of --image components and of the checker's unknown fields
// (src/validation/closest.ts): the edit distance it rests on, and the limits of a guess.
import { closest, editDistance } from '../../src/validation/closest';

describe('editDistance: insertions, deletions, substitutions and swaps of adjacent letters count one each', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['abc', 'abxc', 1], // insertion
    ['abxc', 'abc', 1], // deletion
    ['abc', 'axc', 1], // substitution
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1], // swap
    ['postgres', 'postgers', 1], // swap inside a word
    ['abcd', 'badc', 2], // two swaps
    ['abc', 'ca', 3], // a swapped pair is not edited again (optimal string alignment)
    ['redis', 'REDIS', 5], // case counts here; closest() forgives it
  ])('editDistance(%j, %j) = %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('closest: the candidate a typo most likely meant', () => {
  test.each([
    // a case change is always a match, even in a word too short for any other guess
    ['DB', ['web', 'db'], 'db'],
    ['Redis', ['web', 'redis'], 'redis'],
    // the nearest wins, wherever it stands in the list
    ['postgrse', ['postgres-exporter', 'postgres', 'web'], 'postgres'],
    ['webb', ['worker', 'web'], 'web'],
    // on a tie, the first candidate listed
    ['abcz', ['abcx', 'abcy'], 'abcx'],
    // at most a third of the word: 5 letters allow 1 edit, 6 letters 2 edits
    ['redsi', ['redis'], 'redis'],
    ['rxdxs', ['redis'], undefined],
    ['workex', ['worker'], 'worker'],
    ['wxrkex', ['worker'], 'worker'],
    // never more than 2 edits, however long the word
    ['postgres-exporter', ['pxstgres-exporxxr'], undefined],
    ['postgres-exporter', ['pxstgres-exporxer'], 'pxstgres-exporxer'],
    // words of 1 or 2 letters get no guess but a case change
    ['db', ['dc'], undefined],
    ['w', ['web'], undefined],
    // nothing to choose from
    ['web', [], undefined],
  ] as const)('closest(%j, %j) = %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
