import { getTaskInfo } from '../benchmarks/metadata/catalog';
import { PANEL_ROUTES, PANEL_TITLES } from '../store/shipped-models';
import { AmortizedPanel } from './AmortizedPanel';
import { CalibrationPanel } from './CalibrationPanel';
import { BackendBadge } from './BackendBadge';
import { Controls } from './Controls';
import { DataPanel } from './DataPanel';
import { EssPanel } from './EssPanel';
import { EvaluationView } from './EvaluationView';
import { Explanations } from './Explanations';
import { useLab } from './lab-context';
import { NotesBar } from './NotesBar';
import { PanelBoundary } from './PanelBoundary';
import { PredictivePanel } from './PredictivePanel';
import { usePosteriors } from './posterior-context';
import { ReferencePanel } from './ReferencePanel';
import { TrainingPanel } from './TrainingPanel';

/**
 * The lab's frame: header (backend badge, presentation mode), controls with the ESS curve
 * beside the slider, notes, the reference and the amortized panels side by side, the data,
 * training in the browser, the evaluation view, explanations. Presentation mode keeps the
 * slider and the panels only, in larger type.
 */
export function App() {
  return (
    <PanelBoundary name="The lab">
      <Lab />
    </PanelBoundary>
  );
}

function Lab() {
  const task = getTaskInfo(useLab((state) => state.taskId));
  const presenting = usePosteriors((state) => state.presentation);
  const setPresentation = usePosteriors((state) => state.setPresentation);
  return (
    <main className={`lab${presenting ? ' presenting' : ''}`} onKeyDown={(event) => event.key === 'Escape' && setPresentation(false)}>
      <header className="lab-header">
        <h1>Tempered SBI Lab</h1>
        <p>
          Generalized-Bayes simulation-based inference in your browser: the power posterior p<sub>β</sub>(θ | x) ∝ π(θ) p(x |
          θ)<sup>β</sup> for every temperature β.
        </p>
        <div className="header-tools">
          <PanelBoundary name="The backend badge">
            <BackendBadge />
          </PanelBoundary>
          <button type="button" id="presentation-toggle" aria-pressed={presenting} onClick={() => setPresentation(!presenting)}>
            {presenting ? 'Leave presentation mode (Esc)' : 'Presentation mode'}
          </button>
        </div>
      </header>
      <div className="control-row">
        <PanelBoundary name="The controls">
          <Controls />
        </PanelBoundary>
        <PanelBoundary name="The ESS curve">
          <EssPanel />
        </PanelBoundary>
      </div>
      <NotesBar />
      <p className="task-summary">
        <strong>{task.title}.</strong> {task.summary} θ has {task.thetaDim} dimensions, x has {task.xDim}.
      </p>
      <div className="posterior-grid">
        <PanelBoundary name="The reference panel">
          <ReferencePanel />
        </PanelBoundary>
        {PANEL_ROUTES.map((route) => (
          <PanelBoundary key={route} name={PANEL_TITLES[route]}>
            <AmortizedPanel route={route} />
          </PanelBoundary>
        ))}
      </div>
      <PanelBoundary name="The posterior predictive">
        <PredictivePanel />
      </PanelBoundary>
      <div className="panels">
        <PanelBoundary name="The data panel">
          <DataPanel />
        </PanelBoundary>
        <PanelBoundary name="Training">
          <TrainingPanel />
        </PanelBoundary>
      </div>
      <PanelBoundary name="The calibration panel">
        <CalibrationPanel />
      </PanelBoundary>
      <PanelBoundary name="The evaluation view">
        <EvaluationView />
      </PanelBoundary>
      <Explanations />
    </main>
  );
}
