import * as v from 'valibot';
import { atLeast, finiteNumber, integerIn, parseAt, text } from '../core/boundary';

/**
 * Evaluation result files (`results/<task>/<route>-<budget>.json`): one file per (task, route,
 * simulation budget) with, per β and observation, the C2ST and MMD² of the route's samples
 * against the reference sampler, ESS where the route has weights, the seconds it took, and a
 * reference-vs-reference floor. Every file carries its provenance — the command, the commit, the
 * seeds and the sample sizes — or the report refuses it.
 */

/** The schema tag every result file starts with. */
export const RESULT_SCHEMA = 'tempered-sbi-lab/result@1';

/** How a result file was made. */
export const ProvenanceSchema = v.object({
  /** The exact command line that wrote the file. */
  command: text(10_000),
  /** The git commit of the code that ran (40 hex digits, with "-dirty" if the tree had changes). */
  commit: v.pipe(v.string(), v.regex(/^[0-9a-f]{40}(-dirty)?$/, 'a 40-hex-digit git commit')),
  /** ISO 8601 time the file was written. */
  createdAt: text(60),
  /** Every seed used, by role (e.g. training, sampling, reference, c2st): at least one. */
  seeds: v.pipe(
    v.record(v.string(), integerIn()),
    v.check((seeds) => Object.keys(seeds).length > 0, 'at least one seed'),
    v.readonly(),
  ),
  /** Samples per side of each metric. */
  sampleSizes: v.object({ reference: atLeast(1), candidate: atLeast(1) }),
});
export type Provenance = v.InferOutput<typeof ProvenanceSchema>;

/** The scores of one (β, observation) cell. */
export const ResultCellSchema = v.object({
  beta: v.pipe(v.number(), v.check((beta) => beta > 0 && Number.isFinite(beta), 'a positive number')),
  /** The task's fixed observation number, 1–10. */
  observation: integerIn(1, 10),
  c2st: atLeast(0),
  mmd: finiteNumber,
  /** ESS/N of the route's SNIS weights at this β; null where the route has no weights. */
  essFraction: v.nullable(atLeast(0)),
  /** Seconds to draw the route's samples for this cell. */
  seconds: atLeast(0),
  /** The same metrics between two independent reference runs: the best any method can score. */
  floor: v.object({ c2st: atLeast(0), mmd: finiteNumber }),
  /** A refined cell (`<route>/refined`, DESIGN.md §4): its importance weights and the same draws' scores unrefined. */
  refinement: v.optional(
    v.object({
      numProposals: integerIn(2, 100_000_000),
      defensive: v.pipe(v.number(), v.check((a) => a >= 0 && a < 1, 'a prior share in [0, 1)')),
      ess: atLeast(0),
      essFraction: atLeast(0),
      /** Pareto k̂ of the largest weights; > 0.7: not to be trusted (null: too few proposals to judge the tail). */
      paretoK: v.nullable(finiteNumber),
      trustworthy: v.boolean(),
      /** C2ST and MMD² of the unrefined q(θ | x, β) draws of the same cell. */
      unrefined: v.object({ c2st: atLeast(0), mmd: finiteNumber }),
      /** The refined C2ST is above the unrefined one: refinement made this cell worse. */
      worseThanUnrefined: v.boolean(),
    }),
  ),
});
export type ResultCell = v.InferOutput<typeof ResultCellSchema>;

export const ResultFileSchema = v.object({
  schema: v.literal(RESULT_SCHEMA),
  task: text(100),
  route: text(100),
  /** Number of simulations the route was trained on (0 for reference-only files). */
  budget: integerIn(0, 100_000_000),
  provenance: ProvenanceSchema,
  cells: v.pipe(v.array(ResultCellSchema), v.minLength(1, 'a non-empty list of cells'), v.readonly()),
});
export type ResultFile = v.InferOutput<typeof ResultFileSchema>;

/** Parsed JSON checked as a result file, or a BoundaryError naming the file (`source`), the field, what was expected and what arrived. */
export function parseResultFile(json: unknown, source: string): ResultFile {
  return parseAt(ResultFileSchema, json, source);
}
