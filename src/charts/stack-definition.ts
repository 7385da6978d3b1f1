import { App, Chart } from 'cdk8s';
import type { PolicyName } from '../checker/types';
import { Environment } from '../config/credentials';
import type { NodeRuntime } from '../constructs/cadvisor';
import { NodeSpreading } from '../constructs/placement';

/**
 * How a stack's HTTP routes are written (`--routing`): `ingress` (Ingresses) or `gateway`
 * (Gateway API HTTPRoutes through a Gateway; the cluster needs the Gateway API CRDs).
 */
export type Routing = 'ingress' | 'gateway';

/** Every routing, in the order commands list them; `ingress` is every profile's default. */
export const ROUTINGS: readonly Routing[] = ['ingress', 'gateway'];

/** What every stack is built from. */
export interface StackOptions {
  /** Manifest profile, one of the stack's {@link StackDefinition.profiles}. */
  readonly profile: string;
  /** How replicated workloads spread over nodes. */
  readonly spreading: NodeSpreading;
  /** Environment the credentials are read from. */
  readonly env: Environment;
  /** Node that keeps node-local data (`--data-node`); only for a `node-local` profile. @default - unpinned */
  readonly dataNode?: string;
  /** StorageClass of provisioned claims (`--storage-class`); only for a `provisioned` profile. @default - the cluster's default class */
  readonly storageClass?: string;
  /**
   * Image references replacing the stack's own (`--image COMPONENT=REF`), by component of
   * {@link StackDefinition.images}; validated before the build (see `imageOverrideProblems`).
   * @default - every component keeps its image
   */
  readonly images?: Readonly<Record<string, string>>;
  /** How routes are written (`--routing`), one of {@link StackDefinition.routings}. @default 'ingress' */
  readonly routing?: Routing;
  /** The nodes' container runtime (`--node-runtime`), when {@link StackDefinition.knowsNodeRuntime}. @default 'containerd' */
  readonly nodeRuntime?: NodeRuntime;
}

/** An image of a stack that `--image COMPONENT=REF` replaces. */
export interface StackImage {
  /** The name `--image` takes: the key of the chart's `images` prop. */
  readonly component: string;
  /** The reference written when `--image` does not replace it. */
  readonly reference: string;
  /**
   * True when `reference` is a placeholder no registry serves (an application the stack's users
   * build themselves): a deploy of it would leave pods unable to pull their image.
   */
  readonly placeholder: boolean;
}

/**
 * Where a profile keeps its data, which decides what the storage flags mean:
 * - `node-local`: hand-made hostPath volumes; `dataNode` pins them to one node;
 * - `provisioned`: claims the cluster provisions from a StorageClass (each provisioned volume
 *   carries its own node affinity); `storageClass` names the class.
 */
export type StorageKind = 'node-local' | 'provisioned';

/** A built chart and what synth must tell the user about it. */
export interface BuiltStack {
  readonly chart: Chart;
  readonly notices: readonly string[];
}

/** The checker settings a stack's output is held to (`npm run check -- --stack NAME`). */
export interface StackCheck {
  /** Policies on top of the generic rules (`bernstein`, `restricted`, …). @default - generic rules only */
  readonly policies?: readonly PolicyName[];
  /** Accept the Bernstein modern profile's images under the Bernstein policy. @default false */
  readonly allowModern?: boolean;
  /** Oldest Kubernetes minor version the output is written for (e.g. `1.26`). @default - every version the checker knows */
  readonly minimumKubernetes?: string;
}

/**
 * A named system that the generic commands (synth, check, deploy, diagram) serve: everything
 * they need to know about it is here, so none of them names a stack, a file or a component.
 * The apply order is not listed: it is derived from the chart's wiring (see `applyOrder`).
 */
export interface StackDefinition {
  readonly name: string;
  readonly summary: string;
  /** Profiles the stack supports; the first is its default. */
  readonly profiles: readonly string[];
  /** One line saying what `profile` is for (help texts). */
  describeProfile(profile: string): string;
  /** Committed output folder of `profile` routed by `routing` (default: the profile's first routing), written when --outdir is not given. */
  defaultOutdir(profile: string, routing?: Routing): string;
  /** How `profile` can route (`--routing`); the first is its default, each has a committed folder. */
  routings(profile: string): readonly Routing[];
  /** Whether `profile` runs something told the nodes' container runtime (`--node-runtime`: cAdvisor's socket). */
  knowsNodeRuntime(profile: string): boolean;
  /** Where `profile` keeps its data (what --data-node and --storage-class mean). */
  storage(profile: string): StorageKind;
  /** The images `--image` replaces, in the chart's order; the same for every profile. */
  readonly images: readonly StackImage[];
  /** What the checker holds the output of `profile` (routed by `routing`, default: the first) to. */
  checkOptions(profile: string, routing?: Routing): StackCheck;
  /** Builds the stack's chart in `app`. */
  build(app: App, options: StackOptions): BuiltStack;
}
