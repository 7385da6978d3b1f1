// The checks every stack's output gets: its file set, kinds per file, determinism and references.
// Stack test files add their seed's rules. The text of every file is held by the committed folder
// (test/output/committed.test.ts: every stack and profile, byte for byte, so no per-file snapshot
// repeats it), and the checker on Kubernetes 1.24/1.27/1.33 (test/checker/own-output.test.ts) runs
// once for every stack.
import { findStack } from '../../src/charts/stacks';
import { synthesize, SynthResult } from '../../src/synth';
import { FiledObject, parseRendered } from './manifests';
import { findings } from './check';

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

    test('the checker finds no error or warning (every reference between objects resolves)', () => {
      expect(findings(objects)).toEqual([]);
    });

    test('is the default output folder, dist-<stack>/, and has the spec and hardened profiles', () => {
      expect(findStack(stack).defaultOutdir('spec')).toBe(`dist-${stack}`);
      expect(findStack(stack).profiles).toEqual(['spec', 'hardened']);
    });

    test('synthesis is deterministic', () => {
      expect([...synthesize({ stack, env: {} }).rendered.entries()]).toEqual([...result.rendered.entries()]);
    });
  });
}
