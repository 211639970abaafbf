import { describe, expect, it } from 'vitest';
import { formatSampleCsv, parseSampleCsv } from '../../src/core/csv';
import { matrixFromRows } from '../../src/core/matrix';

describe('sample CSV', () => {
  it('should round-trip θ and x exactly', () => {
    const theta = matrixFromRows([[0.1, -1 / 3], [2e-17, 5]]);
    const x = matrixFromRows([[1], [-Math.PI]]);
    const text = formatSampleCsv(theta, x);
    expect(text.split('\n')[0]).toBe('theta_1,theta_2,x_1');
    const parsed = parseSampleCsv(text);
    expect(parsed.theta).toEqual(theta);
    expect(parsed.x).toEqual(x);
  });

  it('should read a file with only θ columns', () => {
    const parsed = parseSampleCsv('theta_1\n1\n2\n');
    expect(parsed.theta.numRows).toBe(2);
    expect(parsed.x).toBeNull();
  });

  it('should reject bad files with the line and column that are wrong', () => {
    expect(() => parseSampleCsv('', 'a.csv')).toThrow(/a\.csv: expected a header/);
    expect(() => parseSampleCsv('x_1,theta_1\n1,2', 'a.csv')).toThrow(/expected header/);
    expect(() => parseSampleCsv('theta_1,theta_2\n1', 'a.csv')).toThrow(/expected 2 values on line 2, got 1/);
    expect(() => parseSampleCsv('theta_1\nNaN', 'a.csv')).toThrow(/finite number in column theta_1 on line 2, got "NaN"/);
  });
});
