import * as fs from 'fs';
import * as path from 'path';
import { profileProblem, Routing, routingProblems, STACKS } from '../charts/stacks';
import { planReadmeDiagrams, stackDiagram, topologyMarkers, topologyMermaid } from '../diagram';
import { filesOf } from '../deploy/folder-order';
import { readManifestFolder } from '../manifests';
import { flowMarkers, planReadmeFlows } from '../network/readme';
import { Flags, oneOf, parseFlags, runCli, UsageError } from './args';

const USAGE = `usage: bernstein-cdk8s diagram [--dir DIR | --stack NAME [--profile P] [--routing R] | --check] [--stdout] [--readme FILE]
       (in this repository: npm run diagram -- [options])
  --dir       print the Mermaid picture of any folder of manifests (yours, e.g. writeManifests output):
              a component is a file stem (<component>.<kind>.yaml); who reads whose ConfigMap/Secret,
              dials whose Service, mounts which claim, routes and node ports come from the manifests
  (no flag)   regenerate the topology picture of every stack that has markers in README.md
  --check     change nothing; exit 1 naming the stacks whose picture in README.md is stale
  --stack     print this stack's Mermaid picture instead of touching README.md: ${STACKS.map((s) => s.name).join(' | ')}
  --profile   with --stack: which of its profiles (default: its first, the one the README shows)
  --routing   with --stack: ingress or gateway (default ingress), e.g. --profile modern --routing gateway
  --stdout    print the picture of --stack (default: ${STACKS[0].name})
  --readme    README to update or check (default: README.md in the current folder)
A stack's picture goes between the lines ${topologyMarkers('<stack>').begin} and ${topologyMarkers('<stack>').end}
(or ${topologyMarkers('<stack>/<profile>/<routing>').begin} … for one profile and routing).
Pictures use each stack's first profile and development credentials, so they never depend on the environment.
Flow tables (the hardened profile's allowed traffic) go between ${flowMarkers('<stack>').begin} and ${flowMarkers('<stack>').end};
the default run and --check cover them too.`;

/** Writes `text` to `file` through a temporary file, so a failure never leaves half a README. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

export const OPTIONS = {
  check: { type: 'boolean' },
  stdout: { type: 'boolean' },
  stack: { type: 'string', value: 'NAME' },
  profile: { type: 'string', value: 'NAME' },
  routing: { type: 'string', value: 'ingress|gateway' },
  readme: { type: 'string', value: 'FILE' },
  dir: { type: 'string', value: 'DIR' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Flags;

/**
 * `npm run diagram`: regenerates the topology pictures in README.md from the charts;
 * `--check` only reports stale pictures (exit 1); `--stdout` prints one stack's picture.
 */
export async function main(args: string[]): Promise<number> {
  return runCli(() => {
    const { values } = parseFlags(args, OPTIONS);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.dir !== undefined) {
      const others = (['check', 'stack', 'profile', 'routing', 'readme'] as const).filter((flag) => values[flag] !== undefined);
      if (others.length > 0) throw new UsageError(`--dir draws a folder; allowed with it: --stdout (not ${others.map((f) => `--${f}`).join(', ')})`);
      process.stdout.write(folderDiagram(values.dir));
      return 0;
    }
    const printing = values.stdout || values.stack !== undefined;
    if (values.check && printing) throw new UsageError('--check cannot be combined with --stack or --stdout');
    if (printing) {
      if (values.readme !== undefined) throw new UsageError('--readme is not used with --stack or --stdout');
      const name = oneOf('--stack', values.stack ?? STACKS[0].name, STACKS.map((s) => s.name));
      const stack = STACKS.find((s) => s.name === name)!;
      const profile = values.profile ?? stack.profiles[0];
      const mismatch = profileProblem(stack, profile);
      if (mismatch) throw new UsageError(mismatch);
      const problems = routingProblems(stack, profile, { routing: values.routing });
      if (problems.length > 0) throw new UsageError(problems.join('\n'));
      // Checked just above: one of the profile's routings.
      process.stdout.write(stackDiagram(stack, profile, values.routing as Routing | undefined));
      return 0;
    }
    if (values.profile !== undefined) throw new UsageError('--profile only applies with --stack NAME');
    if (values.routing !== undefined) throw new UsageError('--routing only applies with --stack NAME');

    const readmePath = path.resolve(values.readme ?? 'README.md');
    const relative = path.relative(process.cwd(), readmePath);
    const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? readmePath : relative;
    if (!fs.existsSync(readmePath)) throw new Error(`${shown} not found (run from the project root or pass --readme FILE)`);
    const readme = fs.readFileSync(readmePath, 'utf-8');
    const topology = planReadmeDiagrams(readme);
    // The hardened profiles' flow tables live in the README the same way (src/network/readme.ts).
    const flows = planReadmeFlows(topology.updated);
    const plan = { ...topology, updated: flows.updated, stale: [...topology.stale, ...flows.stale.map((s) => `${s} (flows)`)] };
    if (plan.marked.length === 0) {
      const { begin, end } = topologyMarkers(STACKS[0].name);
      throw new Error(`${shown} has no topology markers for any stack (${STACKS.map((s) => s.name).join(', ')}); add the lines "${begin}" and "${end}" where the picture goes`);
    }
    for (const name of plan.unmarked) process.stderr.write(`notice: ${shown} has no topology markers for stack "${name}"; not drawn\n`);

    if (values.check) {
      if (plan.stale.length > 0) {
        process.stderr.write(`error: ${shown}: topology picture stale for stack(s) ${plan.stale.join(', ')}; run \`npm run diagram\` to regenerate\n`);
        return 1;
      }
      process.stdout.write(`${shown}: topology pictures up to date (${plan.marked.join(', ')})\n`);
      return 0;
    }
    if (plan.updated === readme) {
      process.stdout.write(`${shown}: topology pictures already up to date (${plan.marked.join(', ')})\n`);
      return 0;
    }
    writeAtomically(readmePath, plan.updated);
    process.stdout.write(`${shown}: regenerated the topology picture of ${plan.stale.join(', ')}\n`);
    return 0;
  });
}

/** The picture of any folder of manifests, titled with the folder's name. */
function folderDiagram(dir: string): string {
  if (dir.trim() === '' || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--dir "${dir}": no such folder; allowed: a folder of *.yaml / *.yml manifests`);
  const { inventory, issues } = readManifestFolder(dir);
  for (const issue of issues.filter((i) => i.severity === 'error')) process.stderr.write(`notice: ${issue.file}: ${issue.message} (not drawn)\n`);
  if (inventory.objects.length === 0) throw new UsageError(`--dir "${dir}" holds no Kubernetes objects (*.yaml / *.yml files)`);
  return topologyMermaid(filesOf(inventory.objects), { title: path.basename(path.resolve(dir)) });
}
