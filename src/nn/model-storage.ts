import * as v from 'valibot';
import { BoundaryError, parseAt } from '../core/boundary';
import type { ModelManifest } from './serialize';

/** A model as this browser's IndexedDB keeps it: the manifest JSON and the weights' bytes. */
const StoredModelRecordSchema = v.object({ manifest: v.unknown(), weights: v.instance(ArrayBuffer) });

/** A model as stored: manifest plus weights. */
export interface StoredModel {
  readonly manifest: ModelManifest | unknown;
  readonly weights: Float32Array;
}

/**
 * Fetches `baseUrl/model.json` and `baseUrl/weights.bin` (the shipped models in public/). A
 * missing file or a non-JSON manifest is an Error naming the URL.
 */
export async function fetchModel(baseUrl: string): Promise<StoredModel> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const [manifestResponse, weightsResponse] = await Promise.all([fetch(`${base}model.json`), fetch(`${base}weights.bin`)]);
  for (const [name, response] of [['model.json', manifestResponse], ['weights.bin', weightsResponse]] as const) {
    if (!response.ok) throw new Error(`${base}${name}: expected a model file, got HTTP ${response.status}`);
  }
  let manifest: unknown;
  try {
    manifest = await manifestResponse.json();
  } catch (error) {
    throw new Error(`${base}model.json: expected JSON, got a parse error: ${(error as Error).message}`);
  }
  const bytes = await weightsResponse.arrayBuffer();
  if (bytes.byteLength % 4 !== 0) throw new Error(`${base}weights.bin: expected a whole number of float32 values, got ${bytes.byteLength} bytes`);
  return { manifest, weights: new Float32Array(bytes) };
}

const DATABASE = 'tempered-sbi-lab';
const STORE = 'models';

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`IndexedDB: could not open "${DATABASE}": ${request.error?.message ?? 'unknown error'}`));
  });
}

/** Saves a model trained in this browser under `key` (e.g. "two_moons/b-nle"). */
export async function saveModelToIndexedDb(key: string, model: StoredModel): Promise<void> {
  const db = await openDatabase();
  try {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).put({ manifest: model.manifest, weights: model.weights.slice().buffer }, key);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(new Error(`IndexedDB: could not save "${key}": ${transaction.error?.message ?? 'unknown error'}`));
    });
  } finally {
    db.close();
  }
}

/** The model saved under `key`, or null when there is none. */
export async function loadModelFromIndexedDb(key: string): Promise<StoredModel | null> {
  const db = await openDatabase();
  try {
    const stored = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(`IndexedDB: could not read "${key}": ${request.error?.message ?? 'unknown error'}`));
    });
    if (stored === undefined) return null;
    const record = parseAt(StoredModelRecordSchema, stored, `IndexedDB entry "${key}"`);
    if (record.weights.byteLength % 4 !== 0) throw new BoundaryError(`IndexedDB entry "${key}": weights: expected a whole number of float32 values, got ${record.weights.byteLength} bytes`);
    return { manifest: record.manifest, weights: new Float32Array(record.weights) };
  } finally {
    db.close();
  }
}
