import type { ScatterType } from '../charts/figure';

let cached: ScatterType | null = null;

/** 'scattergl' when this browser can make a WebGL context, else the SVG 'scatter' (checked once). */
export function scatterTypeForBrowser(): ScatterType {
  if (cached === null) {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    cached = gl ? 'scattergl' : 'scatter';
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return cached;
}
