import * as v from 'valibot';
import { EssCurveSchema } from './models';

/**
 * ESS(β)/N as a model card stores it: values on a log-spaced β grid over the route's domain
 * (SnisWeights.essCurve). The page marks the slider's β on it and `evaluate --model` reads
 * ESS at the β of 𝒢 from it.
 */
export interface EssCurve {
  /** Increasing β values (log-spaced over the domain). */
  readonly betas: readonly number[];
  /** ESS(β)/N at each β, in (0, 1]. */
  readonly essFraction: readonly number[];
}

/**
 * ESS/N at β by linear interpolation in log β between the curve's points (2 % apart in β on
 * cards made now, 5 % on the first shipped ones): close where the curve is smooth (within 0.01 on the test's moderate scores), far off where
 * it is steep — use `cardEssFraction` for values that must be right. β outside the curve's range
 * is an error naming the range.
 */
export function essFractionAt(curve: EssCurve, beta: number): number {
  const { betas, essFraction } = curve;
  const last = betas.length - 1;
  if (last < 1 || essFraction.length !== betas.length) {
    throw new Error(`ESS curve: expected at least 2 matching β and ESS values, got ${betas.length} and ${essFraction.length}`);
  }
  const [low, high] = [betas[0]!, betas[last]!];
  if (!(beta >= low * (1 - 1e-9) && beta <= high * (1 + 1e-9))) throw new Error(`ESS curve: expected β in [${low}, ${high}], got ${beta}`);
  let k = 0;
  while (k < last - 1 && betas[k + 1]! < beta) k++;
  const t = Math.min(1, Math.max(0, (Math.log(beta) - Math.log(betas[k]!)) / (Math.log(betas[k + 1]!) - Math.log(betas[k]!))));
  return essFraction[k]! + t * (essFraction[k + 1]! - essFraction[k]!);
}

/** Reads an ESS curve from a model card's `extra` (through its schema); null when absent or malformed. */
export function parseEssCurve(value: unknown): EssCurve | null {
  const read = v.safeParse(EssCurveSchema, value);
  return read.success ? read.output : null;
}

/**
 * ESS/N at β from a model card: the exact value where the card has one (its evaluation β), 1 at
 * β = 1 (all weights equal), else the curve interpolated — approximate where the curve is steep
 * (scores of large magnitude, e.g. Lorenz-96's 160-number likelihood, make it collapse within a
 * few percent of β = 1).
 */
export function cardEssFraction(curve: EssCurve, exact: EssCurve | null, beta: number): number {
  const at = exact ? exact.betas.findIndex((value) => Math.abs(value - beta) < 1e-12) : -1;
  if (at >= 0) return exact!.essFraction[at]!;
  return Math.abs(beta - 1) < 1e-12 ? 1 : essFractionAt(curve, beta);
}
