import { getTask } from '../benchmarks/registry';
import { useLab } from './lab-context';
import { PriorPredictivePanel } from './PriorPredictivePanel';
import { SeedField } from './SeedField';
import { TaskPicker } from './TaskPicker';

/** The lab's frame: header, controls, panels. */
export function App() {
  const task = getTask(useLab((state) => state.taskId));
  return (
    <main className="lab">
      <header className="lab-header">
        <h1>Tempered SBI Lab</h1>
        <p>
          Generalized-Bayes simulation-based inference in your browser: the power posterior p<sub>β</sub>(θ | x) ∝
          π(θ) p(x | θ)<sup>β</sup> for every temperature β.
        </p>
      </header>
      <section className="controls" aria-label="controls">
        <TaskPicker />
        <SeedField />
      </section>
      <p className="task-summary">
        <strong>{task.title}.</strong> {task.summary} θ has {task.thetaDim} dimensions, x has {task.xDim}.
      </p>
      <PriorPredictivePanel />
    </main>
  );
}
