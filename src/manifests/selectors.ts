/** Label selectors as the controllers, the scheduler and Services evaluate them. */
import { asArray, asString, isObject, stringMap } from './json';
import { JsonValue } from './types';

export interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly Requirement[];
}

/** undefined for a missing selector, which (in affinity terms) selects nothing. */
export function parseLabelSelector(v: JsonValue | undefined): LabelSelector | undefined {
  if (!isObject(v)) return undefined;
  const matchExpressions = asArray(v.matchExpressions).flatMap((e): Requirement[] => {
    if (!isObject(e)) return [];
    const key = asString(e.key);
    const operator = asString(e.operator);
    if (!key || !operator) return [];
    return [{ key, operator, values: asArray(e.values).filter((x): x is string => typeof x === 'string') }];
  });
  return { matchLabels: stringMap(v.matchLabels), matchExpressions };
}

export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (!mapSelectorMatches(selector.matchLabels, labels)) return false;
  return selector.matchExpressions.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(labels[r.key]);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** Equality-based selector (Service `spec.selector`, `matchLabels`). */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function describeMap(m: Readonly<Record<string, string>>): string {
  const parts = Object.entries(m).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(',') : '(none)';
}

export function describeSelector(s: LabelSelector): string {
  const parts = Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of s.matchExpressions) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : r.operator === 'NotIn' ? 'notin' : r.operator} (${r.values.join(',')})`);
  }
  return parts.length > 0 ? parts.join(',') : '(everything)';
}
