import { Document } from 'yaml';

/**
 * The quick path of the YAML writer: the text `yaml`'s `stringify(value, { version: '1.1',
 * lineWidth: 0, keepUndefined: true })` gives (cdk8s's `Yaml.stringify`, whose bytes the committed
 * folders hold), written directly for the values nearly every manifest is made of: plain objects
 * and arrays, booleans, null, safe integers and one-line printable-ASCII strings. Anything else
 * (a multi-line or non-ASCII string, a fraction, an object met twice, which `yaml` would write as an
 * anchor and alias) returns `undefined`, and the caller asks `yaml` itself.
 *
 * Why: building `yaml`'s document tree was more than half of every synthesis (profiled: 3.0 of
 * 5.3 s over 120 syntheses); this path writes the same bytes without it. Every rule below is
 * `yaml` 2.x's own (src/stringify/stringifyString.ts `plainString`, `quotedString`;
 * stringifyPair.ts; stringifyCollection.ts with `indentSeq: true`), and
 * test/output/block-yaml.test.ts holds the two writers to the same bytes.
 */
export function blockYaml(value: unknown): string | undefined {
  const writer = new BlockWriter();
  return writer.document(value);
}

/** Scalars `yaml` writes plain unless a YAML 1.1 reader would read them as something else. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Strings `yaml` never writes plain: leading indicators, `: ` and ` #` inside, a trailing space
 * or colon (plainString's own expression, without the newline cases this path never meets).
 */
const NEEDS_QUOTES = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;

/** A line starting with a directive or a document marker changes how `yaml` indents: left to it. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;

/** Keys longer than this become explicit `? key` entries in `yaml`: left to it. */
const LONGEST_IMPLICIT_KEY = 1024;

/**
 * The tags a YAML 1.1 reader resolves plain scalars with (booleans, null, numbers, timestamps…): the
 * ones yaml's plainString tests. The merge key `<<` (default 'key', not true) is written plain by it.
 */
const RESOLVING_TAGS = (() => {
  const schema = new Document(null, { version: '1.1' }).schema;
  return [...schema.tags, ...(schema.compat ?? [])].filter((tag) => tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && tag.test !== undefined);
})();

/** Thrown inside the writer when a value needs `yaml`'s full writer; never escapes blockYaml. */
class NotBlockYaml {}

class BlockWriter {
  private readonly seen = new Set<object>();

  document(value: unknown): string | undefined {
    try {
      if (isCollection(value) && !isEmpty(value)) return `${this.collection(value, '')}\n`;
      return `${this.inline(value)}\n`;
    } catch (err) {
      if (err instanceof NotBlockYaml) return undefined;
      throw err;
    }
  }

  /** A non-empty collection's lines at `indent`, without the final newline. */
  private collection(value: object, indent: string): string {
    if (this.seen.has(value)) throw new NotBlockYaml();
    this.seen.add(value);
    const lines: string[] = [];
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) lines.push(`${indent}- ${this.item(item, `${indent}  `)}`);
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (key.length > LONGEST_IMPLICIT_KEY) throw new NotBlockYaml();
        const name = this.string(key);
        if (isCollection(item) && !isEmpty(item)) lines.push(`${indent}${name}:\n${this.collection(item, `${indent}  `)}`);
        else lines.push(`${indent}${name}: ${this.inline(item)}`);
      }
    }
    return lines.join('\n');
  }

  /** A sequence item after its `- `: a nested collection starts on the dash's line. */
  private item(value: unknown, indent: string): string {
    if (isCollection(value) && !isEmpty(value)) return this.collection(value, indent).slice(indent.length);
    return this.inline(value);
  }

  /** A scalar, or an empty collection in flow style. */
  private inline(value: unknown): string {
    if (value === null) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (typeof value === 'string') return this.string(value);
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (Array.isArray(value) && value.length === 0) return '[]';
    if (isCollection(value) && isEmpty(value)) return '{}';
    throw new NotBlockYaml();
  }

  private string(value: string): string {
    if (!PRINTABLE_ASCII.test(value) || DOCUMENT_MARKER.test(value)) throw new NotBlockYaml();
    const quoted = NEEDS_QUOTES.test(value) || RESOLVING_TAGS.some((tag) => tag.test?.test(value) === true);
    if (!quoted) return value;
    // yaml's quotedString: double quotes unless the text holds a double quote and no single one.
    if (value.includes('\\')) throw new NotBlockYaml();
    const hasDouble = value.includes('"');
    const hasSingle = value.includes("'");
    if (hasDouble && !hasSingle) return `'${value}'`;
    if (hasDouble) throw new NotBlockYaml();
    return `"${value}"`;
  }
}

/** A plain object or an array: what the block writer walks into. */
function isCollection(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  // Maps, Sets, Dates, class instances and objects with toJSON mean something else to yaml.
  if (prototype !== Object.prototype && prototype !== null) throw new NotBlockYaml();
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new NotBlockYaml();
  return true;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
