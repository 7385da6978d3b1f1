import { ApiObject } from 'cdk8s';

/** The objects' JSON while a layout runs (see {@link withObjectJsonOnce}); undefined otherwise. */
let computed: Map<ApiObject, Record<string, unknown>> | undefined;

/**
 * `apiObject.toJson()`, computed at most once per object while {@link withObjectJsonOnce} runs.
 * The synth-time read check (a validation) and the layout that follows it both need every
 * workload's JSON; rendering a pod template is most of a synthesis's cost. Callers must not
 * change the object returned.
 */
export function objectJson(apiObject: ApiObject): Record<string, unknown> {
  if (computed === undefined) return apiObject.toJson() as Record<string, unknown>;
  let json = computed.get(apiObject);
  if (json === undefined) {
    json = apiObject.toJson() as Record<string, unknown>;
    computed.set(apiObject, json);
  }
  return json;
}

/**
 * Runs `work` (validations, then the rendering of every object) with each object's JSON computed
 * once. Nothing may change the construct tree inside `work`: a validation that did would leave the
 * JSON computed before it.
 */
export function withObjectJsonOnce<T>(work: () => T): T {
  const outer = computed;
  computed = outer ?? new Map();
  try {
    return work();
  } finally {
    computed = outer;
  }
}
