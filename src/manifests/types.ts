/** Types of the manifest model: parsed YAML as plain JSON, documents as read, and what reading found. */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One YAML document as read from disk, or planted by a test. */
export interface ManifestDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index?: number;
  /** 1-based line where the document starts, when known. */
  readonly line?: number;
  /** The parsed document (anything JSON-like; non-objects are reported). */
  readonly content: unknown;
}

/** `info` notes never fail a check; they say what was not read and why. */
export type IssueSeverity = 'error' | 'warning' | 'info';

/**
 * Something reading a folder or building the inventory found: an unreadable path, unparseable
 * YAML, a document that is no object. Same shape as a checker problem, so the checker reports
 * it unchanged.
 */
export interface ManifestIssue {
  readonly severity: IssueSeverity;
  /** File name relative to the folder. */
  readonly file: string;
  /** `document N` when the issue concerns one document, `-` otherwise. */
  readonly object: string;
  readonly field: string;
  readonly message: string;
  /** Stable id (`yaml.parse`, `yaml.not-object`, `path.unreadable`, …). */
  readonly rule: string;
}

/** Thrown when the folder itself cannot be read. */
export class ManifestFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestFolderError';
  }
}
