import { TASK_MODELS } from '../benchmarks/registry';
import type { TaskId } from '../benchmarks/task';
import { useLab } from './lab-context';

/** A select of every task in the registry. */
export function TaskPicker() {
  const taskId = useLab((state) => state.taskId);
  const selectTask = useLab((state) => state.selectTask);
  return (
    <label className="control">
      <span>Benchmark</span>
      <select id="task-picker" value={taskId} onChange={(event) => selectTask(event.target.value as TaskId)}>
        {TASK_MODELS.map((task) => (
          <option key={task.id} value={task.id}>
            {task.title}
          </option>
        ))}
      </select>
    </label>
  );
}
