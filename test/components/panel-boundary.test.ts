// @vitest-environment happy-dom
import { createElement, act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelBoundary } from '../../src/components/PanelBoundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A panel that throws while `broken.now` is set, like one handed a value it cannot draw. */
const broken = { now: true };
function Fragile({ label }: { label: string }) {
  if (broken.now) throw new Error(`cannot read properties of null (reading 'essCurve') in ${label}`);
  return createElement('p', { className: 'fine' }, `${label} draws`);
}

describe('PanelBoundary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should keep a failing panel inside its box, show its error and a reset, and leave the others drawing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    await act(async () => {
      root.render(
        createElement('div', null, [
          createElement(PanelBoundary, { key: 'a', name: 'Route A' }, createElement(Fragile, { label: 'A' })),
          createElement(PanelBoundary, { key: 'b', name: 'Route B' }, createElement('p', { className: 'fine' }, 'B draws')),
        ]),
      );
    });
    const failed = container.querySelector('[data-failed-panel="Route A"]');
    expect(failed?.textContent).toContain("Route A failed to draw: cannot read properties of null (reading 'essCurve') in A");
    expect([...container.querySelectorAll('.fine')].map((node) => node.textContent)).toEqual(['B draws']);

    broken.now = false;
    const reset = [...container.querySelectorAll('button')].find((button) => button.textContent === 'Reset this panel')!;
    await act(async () => reset.click());
    expect(container.querySelector('[data-failed-panel]')).toBeNull();
    expect([...container.querySelectorAll('.fine')].map((node) => node.textContent)).toEqual(['A draws', 'B draws']);
    await act(async () => root.unmount());
  });
});
