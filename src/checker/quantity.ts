/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource).
 * The published schema types them as "string or number"; the API server parses them with
 * this grammar, so `128MB` or `1 Gi` pass the schema and fail on apply.
 */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function isValidQuantity(s: string): boolean {
  return QUANTITY.test(s);
}

/** Numeric value (bytes for memory/storage), or undefined when not a quantity. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const base = Number(m[1]);
  const suffix = m[2] ?? '';
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  return base * (MULTIPLIERS[suffix] ?? NaN);
}
