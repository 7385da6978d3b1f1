// The checks every stack's output gets: its file set, kinds per file, committed folder,
// determinism, references and a text snapshot per file. Stack test files add their seed's rules.
import * as fs from 'fs';
import * as path from 'path';
import { findStack } from '../../src/charts/stacks';
import { checkDocuments, parseManifestText } from '../../src/checker';
import { synthesize, SynthResult } from '../../src/synth';
import { FiledObject, parseRendered } from './manifests';
import { memberNameProblems, referenceProblems } from './references';

const ROOT = path.join(__dirname, '..', '..');

/** Synthesizes `stack` with development credentials, rendered and parsed. */
export function stackOutput(stack: string, env: Record<string, string> = {}): { result: SynthResult; objects: FiledObject[] } {
  const result = synthesize({ stack, env });
  return { result, objects: parseRendered(result.rendered) };
}

/** Registers the generic output tests of `stack`; `expectedFiles` maps each file to its kinds, in order. */
export function describeStackOutput(stack: string, expectedFiles: Readonly<Record<string, readonly string[]>>): void {
  describe(`${stack} output`, () => {
    const { result, objects } = stackOutput(stack);

    test('synthesis emits exactly the expected files', () => {
      expect([...result.rendered.keys()].sort()).toEqual(Object.keys(expectedFiles).sort());
    });

    test.each(Object.entries(expectedFiles))('%s holds %j', (file, kinds) => {
      expect(objects.filter((o) => o.file === file).map((o) => o.object.kind)).toEqual(kinds);
    });

    test('every file is named <component>.<kind>.yaml after the objects it holds', () => {
      for (const { file, object } of objects) {
        expect(file).toMatch(/^[a-z0-9-]+\.[a-z]+\.yaml$/);
        // The component prefix is the `app` label of the objects that carry one.
        const app = object.metadata.labels?.app;
        if (app !== undefined) expect({ file, app }).toEqual({ file, app: file.split('.')[0] });
      }
    });

    test('every reference between objects resolves', () => {
      expect(referenceProblems(objects.map((o) => o.object))).toEqual([]);
      expect(memberNameProblems(objects.map((o) => o.object))).toEqual([]);
    });

    test('is the default output folder, dist-<stack>/, and has one profile', () => {
      expect(findStack(stack).defaultOutdir('spec')).toBe(`dist-${stack}`);
      expect(findStack(stack).profiles).toEqual(['spec']);
    });

    test('the committed output folder equals a fresh synth, byte for byte, and holds nothing else', () => {
      const dir = path.join(ROOT, `dist-${stack}`);
      expect(fs.readdirSync(dir).sort()).toEqual([...result.rendered.keys()].sort());
      for (const [file, text] of result.rendered) {
        expect({ file, text: fs.readFileSync(path.join(dir, file), 'utf-8') }).toEqual({ file, text });
      }
    });

    test('synthesis is deterministic', () => {
      expect([...synthesize({ stack, env: {} }).rendered.entries()]).toEqual([...result.rendered.entries()]);
    });

    test.each([...result.rendered.keys()])('snapshot of %s', (file) => {
      expect(result.rendered.get(file)).toMatchSnapshot();
    });
  });
}

/** Checker problems of severity error for `stack`'s output on Kubernetes `version`, one line each. */
export function checkerErrors(stack: string, version: string): { rule: string; object: string; field: string; message: string }[] {
  const { result } = stackOutput(stack);
  const documents = [...result.rendered].flatMap(([file, text]) => parseManifestText(file, text).documents);
  return checkDocuments(documents, { k8s: version }).problems
    .filter((p) => p.severity === 'error')
    .map(({ rule, object, field, message }) => ({ rule, object, field, message }));
}
