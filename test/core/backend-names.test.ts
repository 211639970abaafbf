import { describe, expect, it } from 'vitest';
import { parseBackendsParam } from '../../src/core/backend-names';

describe('the backend-check page\'s backends parameter', () => {
  it('should accept backend names and refuse anything else, naming what was expected and what arrived', () => {
    expect(parseBackendsParam(null)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(parseBackendsParam('wasm,cpu')).toEqual(['wasm', 'cpu']);
    expect(() => parseBackendsParam('wasm,<b>x</b>')).toThrow('backends: expected a comma-separated list of webgpu, webgl, wasm, cpu, got "<b>x</b>"');
  });
});
