import * as v from 'valibot';
import { TASK_IDS } from '../benchmarks/metadata/catalog';
import type { TaskId } from '../benchmarks/metadata/task-metadata';

/**
 * The lab's URL hash, `#task=…&obs=K|misspecified|<showcase>&x=v1,…&beta=…&seed=…`, one schema
 * per field (each message is the phrase "expected … to be <message>"). What depends on the task
 * (x's length, the observation numbers, the β domain) is checked by the reader with the task.
 */

/** The longest value of any field read (a pasted link is not a place for megabytes). */
export const MAX_URL_FIELD_CHARS = 2000;

const field = <TOutput>(schema: v.GenericSchema<string, TOutput>, phrase: string) => v.pipe(v.string(), v.maxLength(MAX_URL_FIELD_CHARS, phrase), schema);

const taskPhrase = `one of ${TASK_IDS.join(', ')}`;
export const UrlTaskSchema = field(
  v.pipe(v.string(), v.check((text) => (TASK_IDS as readonly string[]).includes(text), taskPhrase), v.transform((text) => text as TaskId)),
  taskPhrase,
);

export const UrlSeedSchema = field(
  v.pipe(v.string(), v.regex(/^\s*-?\d+\s*$/, 'a whole number'), v.transform((text) => Number(text)), v.check((value: number) => Number.isSafeInteger(value), 'a whole number')),
  'a whole number',
);

export const UrlBetaSchema = field(v.pipe(v.string(), v.check((text) => text.trim() !== '' && Number.isFinite(Number(text)), 'a number'), v.transform((text) => Number(text))), 'a number');

/** `xDim` comma-separated finite numbers. */
export function urlObservationSchema(xDim: number) {
  const phrase = `${xDim} comma-separated numbers`;
  return field(
    v.pipe(
      v.string(),
      v.transform((text) => text.split(',')),
      v.check((parts) => parts.length === xDim && parts.every((part) => part.trim() !== '' && Number.isFinite(Number(part))), phrase),
      v.transform((parts) => parts.map(Number)),
    ),
    phrase,
  );
}

/** A field read from the hash, or the phrase it was expected to match. */
export function readUrlField<TSchema extends v.GenericSchema>(schema: TSchema, raw: string): { ok: true; value: v.InferOutput<TSchema> } | { ok: false; expected: string } {
  const result = v.safeParse(schema, raw, { abortEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, expected: result.issues[0].message };
}
