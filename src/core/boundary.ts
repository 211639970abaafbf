import * as v from 'valibot';

/**
 * Reading a value that crossed a boundary (a worker message, a file, the URL, this browser's
 * storage) through its schema. A value that fails is described in one line: where it came from,
 * the field, what was expected and what arrived — short, and as text (never HTML).
 */

/** A value that failed its schema; `message` is the one line described above. */
export class BoundaryError extends Error {
  override readonly name = 'BoundaryError';
}

/** `value` checked by `schema`, or a BoundaryError naming `source` (a file, "worker message", "localStorage key …"). */
export function parseAt<TSchema extends v.GenericSchema>(schema: TSchema, value: unknown, source: string): v.InferOutput<TSchema> {
  const read = readAt(schema, value, source);
  if (read.ok) return read.value;
  throw new BoundaryError(read.message);
}

/** Like `parseAt`, but returns the failure instead of throwing (for values replaced by a default). */
export function readAt<TSchema extends v.GenericSchema>(schema: TSchema, value: unknown, source: string): { ok: true; value: v.InferOutput<TSchema> } | { ok: false; message: string } {
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, message: describeIssue(source, result.issues[0]) };
}

/** "source: field: expected …, got …" for a schema issue. */
export function describeIssue(source: string, issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('').replace(/^\./, '');
  // A missing key is an object issue whose "expected" is the key's name: say a value was required.
  const missing = issue.type === 'object' && issue.input === undefined && (issue.path?.length ?? 0) > 0;
  // A key a strict object does not know: its "expected" is never, its input the key.
  if (issue.expected === 'never') return `${source}: ${path}: expected only known fields, got an unknown field "${String(issue.input)}"`;
  const expected = missing ? 'a value' : issue.kind === 'validation' || issue.expected === null ? issue.message : typeName(issue.expected);
  return `${source}: ${path ? `${path}: ` : ''}expected ${expected}, got ${describeValue(issue.input)}`;
}

/** Valibot's names for types, in words ("Object" → "an object"). */
function typeName(expected: string): string {
  const words: Record<string, string> = { Object: 'an object', Array: 'an array', number: 'a number', string: 'a string', boolean: 'true or false', null: 'null' };
  if (words[expected]) return words[expected];
  if (/^[A-Z]\w*(Array|Buffer)$/.test(expected)) return `${/^[AEIOU]/.test(expected) ? 'an' : 'a'} ${expected}`;
  const options = expected.replace(/^\((.*)\)$/, '$1');
  return options.includes(' | ') ? `one of ${options.replaceAll(' | ', ', ')}` : options;
}

/** A value as it arrived, in a few words: strings quoted and cut at 60 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 60 ? `"${value.slice(0, 60)}…" (${value.length} characters)` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as { length?: number }).length ?? value.byteLength} values`;
  if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return value.length <= 6 && value.every((item) => typeof item === 'number') ? `[${value.join(', ')}]` : `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  }
  return typeof value;
}

// Field schemas shared by the boundaries. Each validation message is the "expected" phrase.

export const finiteNumber = v.pipe(v.number(), v.finite('a finite number'));

/** An integer in [min, max] (a safe integer when no bounds are given). */
export function integerIn(min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  const phrase =
    max !== Number.MAX_SAFE_INTEGER ? `an integer in [${min}, ${max}]` : min === -Number.MAX_SAFE_INTEGER ? 'a safe integer' : `a safe integer ≥ ${min}`;
  return v.pipe(v.number(), v.check((value) => Number.isSafeInteger(value) && value >= min && value <= max, phrase));
}

/** A number in (0, max] (β, a positive scale). */
export function positiveUpTo(max: number) {
  return v.pipe(v.number(), v.check((value) => value > 0 && value <= max, `a number in (0, ${max}]`));
}

/** A number ≥ min (finite). */
export function atLeast(min: number) {
  return v.pipe(v.number(), v.check((value) => Number.isFinite(value) && value >= min, `a finite number ≥ ${min}`));
}

/** A string that is not empty and at most `max` characters. */
export function text(max = 10_000) {
  return v.pipe(v.string(), v.check((value) => value.length > 0 && value.length <= max, `a non-empty string of at most ${max} characters`));
}

export const float64Array = v.instance(Float64Array) as v.GenericSchema<Float64Array>;
export const float32Array = v.instance(Float32Array) as v.GenericSchema<Float32Array>;

/** A readonly array of finite numbers, of length in [min, max]. */
export function finiteNumbers(min = 0, max = 1_000_000) {
  return v.pipe(
    v.array(v.number()),
    v.check((values) => values.length >= min && values.length <= max && values.every(Number.isFinite), `${min === max ? min : `${min} to ${max}`} finite numbers`),
    v.readonly(),
  );
}
