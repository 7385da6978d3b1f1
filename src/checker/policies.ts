/**
 * Policies: rule sets a user asks for by name on top of the generic rules
 * (`--policy bernstein`, `--policy restricted`, or several: `--policy bernstein,restricted`).
 * A new policy is one entry here.
 */
import { RuleContext } from './context';
import { checkBernstein, refineBernstein } from './policy-bernstein';
import { checkRestricted } from './policy-restricted';
import { CheckUsageError, PolicyName, Problem } from './types';

export interface Policy {
  readonly name: PolicyName;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  readonly check: (ctx: RuleContext) => Problem[];
  /**
   * One defect, one finding: given every finding (generic and policy), returns them with the
   * generic ones this policy refines (says better, or demands on purpose) left out.
   * @default - every finding kept
   */
  readonly refine?: (problems: readonly Problem[], ctx: RuleContext) => Problem[];
}

export const POLICY_REGISTRY: readonly Policy[] = [
  { name: 'bernstein', summary: 'the Bernstein (B-DOP-500) specification', check: checkBernstein, refine: refineBernstein },
  { name: 'restricted', summary: 'Pod Security Standards "restricted": every pod field admission would refuse', check: checkRestricted },
];

/** Names of every policy, in registry order. */
export const POLICIES: readonly PolicyName[] = POLICY_REGISTRY.map((p) => p.name);

/** The policies an option names, in registry order, without repeats; throws on an unknown name. */
export function selectPolicies(option: PolicyName | readonly PolicyName[] | undefined): Policy[] {
  const names: readonly string[] = option === undefined ? [] : typeof option === 'string' ? [option] : option;
  const unknown = names.filter((n) => !POLICIES.includes(n as PolicyName));
  if (unknown.length > 0) {
    throw new CheckUsageError(`unknown policy ${unknown.map((n) => `"${n}"`).join(', ')}; allowed: ${POLICIES.join(', ')}`);
  }
  return POLICY_REGISTRY.filter((p) => names.includes(p.name));
}
