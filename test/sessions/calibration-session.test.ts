import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelDirectory } from '../../scripts/model-files';
import { chooseBackend } from '../../src/nn/backend';
import { tf } from '../../src/nn/tf';
import type { CalibrateRequest, LabResponse } from '../../src/protocol/messages';
import { parseLabRequest } from '../../src/protocol/requests';
import { parseLabResponse } from '../../src/protocol/responses';
import { CalibrationSession } from '../../src/sessions/calibration-session';

const request = (runId: number, patch: Partial<CalibrateRequest> = {}): CalibrateRequest =>
  parseLabRequest({
    type: 'calibrate',
    runId,
    taskId: 'two_moons',
    route: 'b-nle',
    source: { kind: 'shipped', url: 'public/models/two_moons/b-nle' },
    betas: [0.5, 1],
    numDataSets: 20,
    drawsPerDataSet: 50,
    level: 0.9,
    epsilon: null,
    seed: 3,
    ...patch,
  }) as CalibrateRequest;

describe('the calibration worker’s session (issue 20)', () => {
  const responses: LabResponse[] = [];
  let session: CalibrationSession;
  beforeAll(async () => {
    const backend = await chooseBackend({ candidates: ['wasm'], override: 'wasm' });
    session = new CalibrationSession(
      (response) => responses.push(parseLabResponse(response, 'calibration worker')),
      async () => backend,
      { fetchShipped: async (url) => loadModelDirectory(url), readBrowser: async () => null },
    );
  });

  it('should answer with progress after each β and one result, the same for the same seed, keeping no tensors', async () => {
    const before = tf.memory().numTensors;
    await session.calibrate(request(1));
    expect(tf.memory().numTensors).toBe(before);
    const mine = responses.filter((response) => response.runId === 1);
    expect(mine.map((response) => response.type)).toEqual(['calibration-progress', 'calibration-progress', 'calibration-result']);
    const result = mine.at(-1)!;
    if (result.type !== 'calibration-result') throw new Error('expected a result');
    expect(result).toMatchObject({ taskId: 'two_moons', route: 'b-nle', epsilon: null, numDataSets: 20, drawsPerDataSet: 50, backend: 'wasm' });
    expect(result.perBeta.map((row) => row.beta)).toEqual([0.5, 1]);
    expect(result.levels).toHaveLength(19);
    await session.calibrate(request(2));
    const again = responses.find((response) => response.runId === 2 && response.type === 'calibration-result');
    expect(again && again.type === 'calibration-result' && again.perBeta).toEqual(result.perBeta);
  }, 60_000);

  it('should draw from the misspecified simulator when given ε, and stop when cancelled', async () => {
    await session.calibrate(request(3, { epsilon: 0.9, betas: [1] }));
    const contaminated = responses.find((response) => response.runId === 3 && response.type === 'calibration-result');
    const nominal = responses.find((response) => response.runId === 1 && response.type === 'calibration-result');
    expect(contaminated?.type === 'calibration-result' && nominal?.type === 'calibration-result').toBe(true);
    if (contaminated?.type === 'calibration-result' && nominal?.type === 'calibration-result') {
      expect(contaminated.epsilon).toBe(0.9);
      expect(contaminated.perBeta[0]!.coverage).toBeLessThan(nominal.perBeta[1]!.coverage);
    }
    const running = session.calibrate(request(4, { betas: [0.3, 0.5, 1] }));
    session.cancel(4);
    await running;
    expect(responses.filter((response) => response.runId === 4).map((response) => response.type)).toEqual(['calibration-progress', 'cancelled']);
  }, 60_000);

  it('should refuse β outside the task’s domain and a model of another task, naming them', async () => {
    await session.calibrate(request(5, { betas: [0.05, 1] }));
    expect(responses.find((response) => response.runId === 5)).toMatchObject({ type: 'error', message: expect.stringMatching(/calibration β: expected numbers in \[0.1, 1.5\].*got 0.05/) });
    await session.calibrate(request(6, { source: { kind: 'shipped', url: 'public/models/slcp/b-nle' } }));
    expect(responses.find((response) => response.runId === 6)).toMatchObject({ type: 'error', message: expect.stringMatching(/expected an amortized posterior q\(θ \| x, β\) for two_moons, got a posterior for slcp/) });
  }, 60_000);

  it('should be refused at the boundary below the minimum data sets and draws', () => {
    expect(() => request(7, { numDataSets: 10 })).toThrow(/numDataSets/);
    expect(() => request(8, { drawsPerDataSet: 20 })).toThrow(/drawsPerDataSet/);
    expect(() => request(9, { epsilon: 1 })).toThrow(/epsilon/);
  });
});
