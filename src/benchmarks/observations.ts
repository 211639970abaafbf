import type { Observation, TaskId } from './task';
import gaussianMixtureJson from './observations/gaussian_mixture.json';
import gaussianMixtureWideJson from './observations/gaussian_mixture_wide.json';
import lorenz96Json from './observations/lorenz96.json';
import slcpJson from './observations/slcp.json';
import twoMoonsJson from './observations/two_moons.json';

/** The layout of `observations/<task>.json`, written by `npm run cli -- observations`. */
export interface ObservationFile {
  readonly task: string;
  readonly command: string;
  readonly seed: number;
  readonly observations: readonly Observation[];
}

/** The shipped observations of every task, as stored. */
export const OBSERVATION_FILES: Record<TaskId, ObservationFile> = {
  two_moons: twoMoonsJson,
  gaussian_mixture: gaussianMixtureJson,
  gaussian_mixture_wide: gaussianMixtureWideJson,
  slcp: slcpJson,
  lorenz96: lorenz96Json,
};

/** How many fixed observations each task ships. */
export const NUM_OBSERVATIONS = 10;
