// The folders `npm run bench` times the checker on: the generated application folder must be a
// clean, realistic input (the benchmark expects exit 0), the deep one answered with one finding.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeDeepFolder, writeLargeFolder } from '../../src/bench/checker-folders';
import { check } from '../../src/checker';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checker-folders-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a generated folder of about the size asked, each component wired to the next, without any finding', () => {
  const dir = path.join(tmp, 'large');
  const { files, bytes } = writeLargeFolder(dir, 0.5);
  expect(files).toBeGreaterThan(5);
  expect(bytes / (1024 * 1024)).toBeCloseTo(0.5, 0);
  const report = check(dir, { k8s: '1.36' });
  expect(report.problems).toEqual([]);
  expect(report.files).toHaveLength(files);
});

test('a document nested deeper than any object: one yaml.too-deep error', () => {
  const dir = path.join(tmp, 'deep');
  writeDeepFolder(dir, 10_000);
  expect(check(dir).problems.map((p) => `${p.severity} ${p.rule}`)).toEqual(['error yaml.too-deep']);
});
