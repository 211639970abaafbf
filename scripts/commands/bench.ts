import { type Command, requireString, SEED_OPTION, SEED_USAGE, seedFlag, UsageError } from '../command';
import { benchCalibrate } from '../benches/calibrate';
import { benchHodgkinHuxleyRanking } from '../benches/hh-ranking';
import { benchLadder } from '../benches/ladder';
import { benchMetrics } from '../benches/metrics';
import { benchReference } from '../benches/reference';
import { benchSimulate } from '../benches/simulate';
import { benchSlcpSymmetry } from '../benches/slcp-symmetry';
import { benchTrain } from '../benches/train';

/** A benchmark: prints one JSON line per measurement and returns a summary. */
type Bench = (seed: number) => Promise<Record<string, unknown>>;

const BENCHES: Record<string, Bench> = { simulate: benchSimulate, metrics: benchMetrics, reference: benchReference, train: benchTrain, 'hh-ranking': benchHodgkinHuxleyRanking, ladder: benchLadder, calibrate: benchCalibrate, 'slcp-symmetry': benchSlcpSymmetry };

/** `bench --what W`: performance measurements printed as JSON lines (never timed tests). */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure performance and print JSON (--what simulate | metrics | reference | train | hh-ranking | ladder | calibrate | slcp-symmetry)',
  usage: [`  --what W        one of ${Object.keys(BENCHES).join(', ')}`, SEED_USAGE].join('\n'),
  options: { what: { type: 'string' }, ...SEED_OPTION },

  async run(values) {
    const what = requireString(values, 'what');
    const bench = BENCHES[what];
    if (!bench) throw new UsageError(`--what: expected one of ${Object.keys(BENCHES).join(', ')}, got "${what}"`);
    return { command: 'bench', what, ...(await bench(seedFlag(values))) };
  },
};
