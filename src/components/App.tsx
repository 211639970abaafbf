import { getTask } from '../benchmarks/registry';
import { Controls } from './Controls';
import { DataPanel } from './DataPanel';
import { Explanations } from './Explanations';
import { useLab } from './lab-context';
import { NotesBar } from './NotesBar';
import { ReferencePanel } from './ReferencePanel';

/** The lab's frame: header, controls, notes, panels, explanations. */
export function App() {
  const task = getTask(useLab((state) => state.taskId));
  return (
    <main className="lab">
      <header className="lab-header">
        <h1>Tempered SBI Lab</h1>
        <p>
          Generalized-Bayes simulation-based inference in your browser: the power posterior p<sub>β</sub>(θ | x) ∝ π(θ) p(x |
          θ)<sup>β</sup> for every temperature β.
        </p>
      </header>
      <Controls />
      <NotesBar />
      <p className="task-summary">
        <strong>{task.title}.</strong> {task.summary} θ has {task.thetaDim} dimensions, x has {task.xDim}.
      </p>
      <div className="panels">
        <ReferencePanel />
        <DataPanel />
      </div>
      <Explanations />
    </main>
  );
}
