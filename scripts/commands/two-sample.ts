import { mmd } from '../../src/metrics/mmd';
import { c2stOnThreads } from '../c2st-threads';
import { type Command, requireString, SEED_OPTION, SEED_USAGE, seedFlag } from '../command';
import { readThetaSamples } from '../sample-file';

const FILE_OPTIONS = { a: { type: 'string' }, b: { type: 'string' }, ...SEED_OPTION } as const;
const FILE_USAGE = [
  '  --a FILE        reference samples (CSV with theta_1…; x columns are ignored)',
  '  --b FILE        samples to compare with the reference',
  SEED_USAGE,
].join('\n');

/** `c2st --a A.csv --b B.csv`: the classifier two-sample test accuracy of B against reference A. */
export const c2stCommand: Command = {
  name: 'c2st',
  summary: 'C2ST accuracy of sample file B against reference A (0.5 = same, 1 = disjoint)',
  usage: FILE_USAGE,
  options: FILE_OPTIONS,
  async run(values) {
    const [aPath, bPath] = [requireString(values, 'a'), requireString(values, 'b')];
    const seed = seedFlag(values);
    const result = await c2stOnThreads(readThetaSamples(aPath, 'a'), readThetaSamples(bPath, 'b'), { seed });
    console.log(`c2st accuracy: ${result.accuracy.toFixed(4)}`);
    return {
      command: 'c2st',
      a: aPath,
      b: bPath,
      seed,
      accuracy: result.accuracy,
      foldAccuracies: result.folds.map((fold) => fold.accuracy),
      foldEpochs: result.folds.map((fold) => fold.numEpochs),
      numReference: result.numReference,
      numCandidate: result.numCandidate,
      seconds: result.seconds,
    };
  },
};

/** `mmd --a A.csv --b B.csv`: unbiased MMD² with the median-distance Gaussian kernel. */
export const mmdCommand: Command = {
  name: 'mmd',
  summary: 'unbiased MMD² of sample file B against reference A (median-distance Gaussian kernel)',
  usage: FILE_USAGE,
  options: FILE_OPTIONS,
  async run(values) {
    const [aPath, bPath] = [requireString(values, 'a'), requireString(values, 'b')];
    const seed = seedFlag(values);
    const result = mmd(readThetaSamples(aPath, 'a'), readThetaSamples(bPath, 'b'), { seed });
    console.log(`mmd²: ${result.mmdSquared.toExponential(4)} (bandwidth ${result.bandwidth.toFixed(4)})`);
    return { command: 'mmd', a: aPath, b: bPath, seed, ...result };
  },
};
