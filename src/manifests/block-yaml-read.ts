import { Document, DocumentOptions, isScalar, ParseOptions, SchemaOptions } from 'yaml';

/** A document the quick reader understood: its position in the stream and its value. */
export interface BlockDocument {
  /** The document's index among all documents of the text, empty ones included. */
  readonly index: number;
  /** 1-based line of the document's first content line. */
  readonly line: number;
  /** The value, as yaml's `toJS` gives it (null for an empty document). */
  readonly content: unknown;
}

/**
 * The quick path of the manifest reader: reads the block YAML that writers of manifests produce
 * (ours, cdk8s's, kubectl's `-o yaml`): block maps and sequences indented by spaces, plain and
 * simply quoted one-line scalars, `{}` and `[]`, blank lines and comment lines. It gives what
 * yaml's `parseAllDocuments(text, options).map(d => d.toJS())` gives, scalars resolved by the same
 * schema's tags; for anything else (a comment after a value, a multi-line or escaped scalar, a flow
 * collection, an anchor, a tag, a merge key, a duplicate key, a tab, a carriage return) it returns
 * `undefined` and the caller asks yaml, which also reports what is wrong.
 *
 * Why: yaml's full parser was the largest cost of `check`, `deploy --dir` and the test suite
 * (it builds a concrete syntax tree, then a document tree, then the values); block manifests need
 * none of that. test/manifests/block-yaml-read.test.ts holds both readers to the same values.
 */
export function readBlockYaml(text: string, options: DocumentOptions & ParseOptions & SchemaOptions): BlockDocument[] | undefined {
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return new BlockReader(text, scalarTags(options)).documents();
  } catch (err) {
    if (err instanceof NotBlockYaml) return undefined;
    throw err;
  }
}

/** Tabs, carriage returns, other control characters, YAML 1.1's Unicode line breaks, a byte order mark. */
const UNUSUAL_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/** Thrown inside the reader when the text needs yaml's full parser; never escapes readBlockYaml. */
class NotBlockYaml {}

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: ParseOptions): unknown;
}

const tagsByOptions = new WeakMap<object, readonly ScalarTag[]>();

/** The tags yaml's composer tries on a plain scalar, in its order, for these options. */
function scalarTags(options: object): readonly ScalarTag[] {
  let tags = tagsByOptions.get(options);
  if (tags === undefined) {
    tags = (new Document(null, options).schema.tags as unknown as ScalarTag[]).filter((tag) => tag.test !== undefined);
    tagsByOptions.set(options, tags);
  }
  return tags;
}

/** A line: its number, its indentation and what follows it. */
interface Line {
  readonly number: number;
  indent: number;
  text: string;
}

/** The line between two documents. */
function isSeparator(line: Line): boolean {
  return line.indent === 0 && line.text === '---';
}

/** Characters that start something other than a plain scalar (a comment, a document marker). */
const NOT_PLAIN_START = /^[[\]{},#&*!|>'"%@`?:]|^-( |$)|^(---|\.\.\.)/;

/** A key's end: `: ` or a colon ending the line, the first one (plain keys hold no colon here). */
const KEY_END = /: |:$/;

class BlockReader {
  private readonly lines: Line[];
  private at = 0;

  constructor(text: string, private readonly tags: readonly ScalarTag[]) {
    const raw = text.split('\n');
    if (raw[raw.length - 1] === '') raw.pop();
    // Blank lines and comment lines are nothing in block context (Helm's output is full of both);
    // where they would be text (block scalars, multi-line scalars), the reader has already given
    // up on the line that opens the text.
    this.lines = [];
    raw.forEach((content, i) => {
      const text = content.trimStart();
      if (text === '' || text.startsWith('#')) return;
      this.lines.push({ number: i + 1, indent: content.length - text.length, text });
    });
  }

  documents(): BlockDocument[] {
    const documents: BlockDocument[] = [];
    let index = 0;
    if (this.lines.length > 0 && !isSeparator(this.lines[0])) documents.push(this.document(index++));
    while (this.at < this.lines.length) {
      const separator = this.lines[this.at];
      if (!isSeparator(separator)) throw new NotBlockYaml();
      this.at++;
      documents.push(this.document(index++));
    }
    return documents;
  }

  private document(index: number): BlockDocument {
    const first = this.lines[this.at];
    if (first === undefined || isSeparator(first)) return { index, line: first?.number ?? this.lines.length, content: null };
    if (first.indent !== 0) throw new NotBlockYaml();
    const content = this.isEntry(first) ? this.block(0) : this.scalarDocument(first);
    const next = this.lines[this.at];
    if (next !== undefined && !isSeparator(next)) throw new NotBlockYaml();
    return { index, line: first.number, content };
  }

  private scalarDocument(line: Line): unknown {
    this.at++;
    return this.value(line.text);
  }

  /** Whether a line opens a block collection: a sequence item or a map entry. */
  private isEntry(line: Line): boolean {
    return line.text === '-' || line.text.startsWith('- ') || KEY_END.test(line.text);
  }

  /** The block collection whose entries sit at `indent`, starting at the current line. */
  private block(indent: number): unknown {
    const line = this.lines[this.at];
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.map(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.at]; line !== undefined && line.indent === indent && !isSeparator(line); line = this.lines[this.at]) {
      if (!line.text.startsWith('- ')) {
        if (line.text === '-' || KEY_END.test(line.text)) throw new NotBlockYaml();
        break;
      }
      const rest = line.text.slice(2);
      if (rest.startsWith(' ')) throw new NotBlockYaml();
      // An item that opens a collection continues it on this line, two columns in.
      line.indent = indent + 2;
      line.text = rest;
      if (this.isEntry(line)) items.push(this.block(indent + 2));
      else {
        this.at++;
        items.push(this.value(rest));
        this.endOfValue(indent);
      }
    }
    this.endOfBlock(indent);
    return items;
  }

  private map(indent: number): Record<string, unknown> {
    const entries: Record<string, unknown> = {};
    for (let line = this.lines[this.at]; line !== undefined && line.indent === indent && !isSeparator(line); line = this.lines[this.at]) {
      if (line.text.startsWith('- ') || line.text === '-') break;
      const end = KEY_END.exec(line.text);
      if (end === null) throw new NotBlockYaml();
      const key = this.key(line.text.slice(0, end.index));
      if (Object.prototype.hasOwnProperty.call(entries, key)) throw new NotBlockYaml();
      const rest = line.text.slice(end.index + 1);
      this.at++;
      let value: unknown;
      if (rest === '') {
        const next = this.lines[this.at];
        if (next !== undefined && next.indent > indent) value = this.block(next.indent);
        else if (next !== undefined && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) throw new NotBlockYaml();
        else value = null;
      } else {
        if (rest[1] === ' ') throw new NotBlockYaml();
        value = this.value(rest.slice(1));
        this.endOfValue(indent);
      }
      // As yaml's addPairToJSMap: a key an object inherits (toString, __proto__) is defined, not assigned.
      if (key in entries) Object.defineProperty(entries, key, { value, writable: true, enumerable: true, configurable: true });
      else entries[key] = value;
    }
    this.endOfBlock(indent);
    return entries;
  }

  /** After a scalar: the next line may not be indented deeper (a continuation yaml would fold in). */
  private endOfValue(indent: number): void {
    const next = this.lines[this.at];
    if (next !== undefined && next.indent > indent && !isSeparator(next)) throw new NotBlockYaml();
  }

  /** After a block: the next line must close it (shallower, or a document separator). */
  private endOfBlock(indent: number): void {
    const next = this.lines[this.at];
    if (next !== undefined && next.indent > indent) throw new NotBlockYaml();
  }

  private key(text: string): string {
    if (text === '' || text.endsWith(' ')) throw new NotBlockYaml();
    const value = text.startsWith('"') || text.startsWith("'") ? this.quoted(text) : this.plain(text, true);
    // yaml's stringifyKey for a scalar key: null is the empty key, anything else its String().
    return value === null ? '' : String(value);
  }

  /** A scalar after `key: ` or `- `. */
  private value(text: string): unknown {
    if (text === '{}') return {};
    if (text === '[]') return [];
    if (text.startsWith('"') || text.startsWith("'")) return this.quoted(text);
    return this.plain(text, false);
  }

  private quoted(text: string): string {
    const quote = text[0];
    if (text.length < 2 || !text.endsWith(quote)) throw new NotBlockYaml();
    const inner = text.slice(1, -1);
    if (quote === '"') {
      if (inner.includes('"') || inner.includes('\\')) throw new NotBlockYaml();
      return inner;
    }
    if (inner.replace(/''/g, '').includes("'")) throw new NotBlockYaml();
    return inner.replace(/''/g, "'");
  }

  private plain(text: string, atKey: boolean): unknown {
    if (NOT_PLAIN_START.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':') || text.endsWith(' ')) throw new NotBlockYaml();
    const tag = this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(text) === true);
    if (tag === undefined) return text;
    if (tag.default === 'key') throw new NotBlockYaml(); // the merge key `<<`
    let failed = false;
    const resolved = tag.resolve(text, () => { failed = true; }, {});
    if (failed) throw new NotBlockYaml();
    return isScalar(resolved) ? resolved.value : resolved;
  }
}
