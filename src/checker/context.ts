/** What every rule family receives. */
import { Inventory } from '../manifests/inventory';
import { PodTemplate } from '../manifests/pods';
import { CheckOptions } from './types';
import { KubeVersion } from './versions';

export interface RuleContext {
  readonly inventory: Inventory;
  readonly templates: readonly PodTemplate[];
  readonly version: KubeVersion;
  readonly options: CheckOptions;
  /** Every file of the checked folder, including those without documents. */
  readonly files: readonly string[];
}
