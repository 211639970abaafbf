import * as v from 'valibot';
import { atLeast, integerIn, parseAt, text } from '../core/boundary';
import { ProvenanceSchema } from './results';

/**
 * Calibration files (`results/<task>/<route>-coverage-<nominal|misspecified>.json`, issue 20):
 * the expected coverage of one model's q(θ | x, β) on K simulated data sets at every β of a grid,
 * the coverage at the chosen level with its bootstrap interval, SBC rank histograms, the chosen β
 * and, where the task has a reference sampler and it was asked for, the same from reference
 * draws on a subset. Every file carries its provenance.
 */
export const CALIBRATION_SCHEMA = 'tempered-sbi-lab/calibration@1';

const fraction = v.pipe(v.number(), v.check((value) => value >= 0 && value <= 1, 'a fraction in [0, 1]'));
const positiveBeta = v.pipe(v.number(), v.check((beta) => beta > 0 && Number.isFinite(beta), 'a positive number'));

const CoverageAtLevelSchema = v.object({ coverage: fraction, low: fraction, high: fraction });

const CoverageRowSchema = v.object({
  beta: positiveBeta,
  /** Expected coverage at each of `levels`. */
  curve: v.array(fraction),
  atLevel: CoverageAtLevelSchema,
});

export const CalibrationFileSchema = v.object({
  schema: v.literal(CALIBRATION_SCHEMA),
  task: text(40),
  route: text(80),
  budget: integerIn(1, 100_000_000),
  /** Which simulator made the K data sets. */
  simulator: v.variant('kind', [
    v.object({ kind: v.literal('nominal') }),
    v.object({ kind: v.literal('misspecified'), name: text(80), description: text(400), epsilon: v.pipe(v.number(), v.check((e) => e >= 0 && e < 1, 'a probability in [0, 1)')) }),
  ]),
  level: v.pipe(v.number(), v.check((level) => level > 0 && level < 1, 'a level in (0, 1)')),
  levels: v.array(fraction),
  numDataSets: integerIn(1, 1_000_000),
  drawsPerDataSet: integerIn(1, 1_000_000),
  perBeta: v.pipe(
    v.array(
      v.object({
        ...CoverageRowSchema.entries,
        /** Per parameter, the counts of SBC ranks in equal bins of 0…M. */
        sbcHistogram: v.array(v.array(integerIn(0, 1_000_000))),
      }),
    ),
    v.minLength(1, 'at least one β'),
  ),
  choice: v.object({ beta: v.nullable(positiveBeta), level: fraction, explanation: text(1000) }),
  /** The same coverage from reference draws (scored by the exact tempered target) on the first data sets; null where not run. */
  referenceCheck: v.nullable(v.object({ numDataSets: integerIn(1, 1_000_000), drawsPerDataSet: integerIn(1, 1_000_000), perBeta: v.array(CoverageRowSchema) })),
  seconds: atLeast(0),
  provenance: ProvenanceSchema,
});

export type CalibrationFile = v.InferOutput<typeof CalibrationFileSchema>;

/** A calibration file checked against the schema (an Error naming the first problem and `source`). */
export function parseCalibrationFile(json: unknown, source: string): CalibrationFile {
  return parseAt(CalibrationFileSchema, json, source);
}

/** Whether parsed JSON claims to be a calibration file (its `schema` tag), so a folder of results can hold both kinds. */
export function isCalibrationJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { schema?: unknown }).schema === CALIBRATION_SCHEMA;
}
