import { BACKEND_NAMES, type BackendName } from '../core/backend-names';
import { useBackend } from './posterior-context';

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/**
 * Which TensorFlow.js backend the amortized panels run on, why (the measured speeds, and the
 * reason any faster-sounding backend was passed over), and a menu to override the choice.
 */
export function BackendBadge() {
  const backend = useBackend((state) => state);
  const setOverride = useBackend((state) => state.setOverride);
  const chosen = backend.report?.chosen ?? null;
  const reasons = backend.report ? BACKEND_NAMES.map((name) => `${LABELS[name]}: ${backend.report!.reasons[name] ?? 'not tried'}`).join('\n') : '';
  const fellBack = backend.override !== null && chosen !== null && chosen !== backend.override;
  return (
    <div className="backend-badge" id="backend-badge" data-backend={chosen ?? ''} data-status={backend.status}>
      <span className="badge" title={reasons}>
        {backend.status === 'choosing' && 'Choosing a backend…'}
        {backend.status === 'error' && `Backend error: ${backend.error}`}
        {backend.status === 'ready' && chosen && `Networks run on ${LABELS[chosen]}${backend.report?.overridden ? ' (your choice)' : ' (fastest measured)'}`}
      </span>
      {backend.report?.reasons.webgpu?.includes('device was lost') && (
        <span className="warn" role="alert">
          {' '}
          {backend.report.reasons.webgpu.replace('skipped: ', '')}: switched to {LABELS[chosen!]}.
        </span>
      )}
      {fellBack && (
        <span className="warn" role="alert">
          {' '}
          {LABELS[backend.override!]} did not work here ({backend.report?.reasons[backend.override!] ?? 'unavailable'}); fell back to {LABELS[chosen!]}.
        </span>
      )}
      <label>
        <span className="visually-hidden">Backend</span>
        <select
          id="backend-override"
          value={backend.override ?? 'auto'}
          onChange={(event) => setOverride(event.target.value === 'auto' ? null : (event.target.value as BackendName))}
        >
          <option value="auto">automatic (measure)</option>
          {BACKEND_NAMES.map((name) => (
            <option key={name} value={name}>
              {LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      {backend.report && (
        <details className="backend-reasons">
          <summary>why</summary>
          <pre>{reasons}</pre>
        </details>
      )}
    </div>
  );
}
