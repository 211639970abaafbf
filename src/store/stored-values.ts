import type * as v from 'valibot';
import { readAt } from '../core/boundary';

/** Small key–value storage (localStorage in the page, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The value stored under `key`, read through `schema` (as JSON when `json`), or null when there
 * is none. A value that fails — unreadable JSON, a wrong type, a missing field — is reported
 * through `report` (naming the key, what was expected and what arrived), removed, and null is
 * returned, so the caller uses its default and the bad value is never written back.
 */
export function readStored<TSchema extends v.GenericSchema>(
  storage: KeyValueStorage,
  key: string,
  schema: TSchema,
  options: { readonly json: boolean; readonly report: (message: string, key: string) => void },
): v.InferOutput<TSchema> | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch (error) {
    options.report(`localStorage "${key}": could not be read (${(error as Error).message}); using the default.`, key);
    return null;
  }
  if (raw === null) return null;
  let value: unknown = raw;
  if (options.json) {
    try {
      value = JSON.parse(raw);
    } catch {
      return dropped(storage, key, `localStorage "${key}": expected JSON, got ${JSON.stringify(raw.slice(0, 40))}`, (message) => options.report(message, key));
    }
  }
  const read = readAt(schema, value, `localStorage "${key}"`);
  return read.ok ? read.value : dropped(storage, key, read.message, (message) => options.report(message, key));
}

function dropped(storage: KeyValueStorage, key: string, message: string, report: (message: string) => void): null {
  try {
    storage.removeItem(key);
  } catch {
    // storage refused: the value is still ignored, and reported
  }
  report(`${message}; removed it and used the default.`);
  return null;
}
