import type { DataRange, MisspecifiedPreset, Observation, ShowcaseObservation, TaskId, TaskMetadata } from './task-metadata';
import gaussianMixtureJson from '../observations/gaussian_mixture.json';
import gaussianMixtureWideJson from '../observations/gaussian_mixture_wide.json';
import hodgkinHuxleyJson from '../observations/hodgkin_huxley.json';
import lorenz96Json from '../observations/lorenz96.json';
import slcpJson from '../observations/slcp.json';
import twoMoonsJson from '../observations/two_moons.json';

/** The layout of `observations/<task>.json`, written by `npm run cli -- observations`. */
export interface ObservationFile {
  readonly task: string;
  readonly command: string;
  readonly seed: number;
  readonly observations: readonly Observation[];
  readonly dataRange: DataRange;
  /** Named example observations (Hodgkin–Huxley only). */
  readonly showcases?: readonly ShowcaseObservation[];
  /** The page's misspecified observation: one draw of the task's misspecified variant. */
  readonly misspecifiedPreset: MisspecifiedPreset;
}

/** The shipped observations of every task, as stored. */
export const OBSERVATION_FILES: Record<TaskId, ObservationFile> = {
  two_moons: twoMoonsJson,
  gaussian_mixture: gaussianMixtureJson,
  gaussian_mixture_wide: gaussianMixtureWideJson,
  slcp: slcpJson,
  lorenz96: lorenz96Json,
  hodgkin_huxley: hodgkinHuxleyJson,
};

/** How many fixed observations each task ships. */
export const NUM_OBSERVATIONS = 10;

/**
 * Checks a task's observation file against the task's shapes; a file that does not fit is an
 * Error naming the task, the field, what was expected and what arrived.
 */
export function checkObservationFile(model: TaskMetadata, file: ObservationFile): ObservationFile {
  const where = `observations/${model.id}.json`;
  const expectLength = (field: string, values: readonly number[], length: number) => {
    if (values.length !== length || !values.every(Number.isFinite)) {
      throw new Error(`${where} ${field}: expected ${length} finite numbers, got ${values.length} values`);
    }
  };
  if (file.observations.length !== NUM_OBSERVATIONS) {
    throw new Error(`${where}: expected ${NUM_OBSERVATIONS} observations, got ${file.observations.length}`);
  }
  file.observations.forEach((observation, i) => {
    expectLength(`observations[${i}].theta`, observation.theta, model.thetaDim);
    expectLength(`observations[${i}].x`, observation.x, model.xDim);
  });
  (file.showcases ?? []).forEach((showcase, i) => {
    if (typeof showcase.id !== 'string' || typeof showcase.name !== 'string') throw new Error(`${where} showcases[${i}]: expected an id and a name, got ${JSON.stringify(showcase.id)} / ${JSON.stringify(showcase.name)}`);
    expectLength(`showcases[${i}].theta`, showcase.theta, model.thetaDim);
    expectLength(`showcases[${i}].x`, showcase.x, model.xDim);
  });
  expectLength('dataRange.low', file.dataRange.low, model.xDim);
  expectLength('dataRange.high', file.dataRange.high, model.xDim);
  expectLength('dataRange.levels', file.dataRange.levels, 2);
  const preset = file.misspecifiedPreset;
  if (preset === undefined) throw new Error(`${where}: expected a misspecifiedPreset (written by \`npm run cli -- observations\`), got none`);
  expectLength('misspecifiedPreset.theta', preset.theta, model.thetaDim);
  expectLength('misspecifiedPreset.x', preset.x, model.xDim);
  const { defaultEpsilon, presetSeed } = model.misspecified;
  if (preset.epsilon !== defaultEpsilon || preset.seed !== presetSeed) {
    throw new Error(`${where} misspecifiedPreset: expected ε = ${defaultEpsilon} and seed ${presetSeed} (the task's misspecified variant), got ε = ${preset.epsilon} and seed ${preset.seed}`);
  }
  return file;
}
