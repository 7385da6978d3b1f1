/** The generic rule families, in report order. */
import { RuleContext } from '../context';
import { Problem } from '../types';
import { checkConfigReferences, checkImagePullSecrets } from './config-refs';
import { checkIngresses } from './ingresses';
import { checkRbac } from './rbac';
import { checkSchema } from './schema';
import { checkScopes } from './scope';
import { checkPayloads } from './secrets';
import { checkNodePorts, checkServices } from './services';
import { checkEnvExpansions } from './expansions';
import { checkStatefulSets } from './statefulsets';
import { checkTopologyKeys } from './topology-keys';
import { checkDataSafety } from './data-safety';
import { checkStorage, checkVolumeMounts } from './storage';
import { checkWorkloads } from './workloads';
import { checkContainers } from './containers';
import { checkHostSettings } from './hosts';
import { checkHostPathMounts } from './host-paths';
import { checkTraefikV1 } from './traefik';
import { checkObjectSizes } from './sizes';

export type Rule = (ctx: RuleContext) => Problem[];

export const GENERIC_RULES: readonly Rule[] = [
  checkSchema,
  checkScopes,
  checkPayloads,
  checkObjectSizes,
  checkWorkloads,
  checkContainers,
  checkHostPathMounts,
  checkTopologyKeys,
  checkServices,
  checkNodePorts,
  checkStatefulSets,
  checkIngresses,
  checkConfigReferences,
  checkEnvExpansions,
  checkHostSettings,
  checkTraefikV1,
  checkImagePullSecrets,
  checkStorage,
  checkVolumeMounts,
  checkDataSafety,
  checkRbac,
];
