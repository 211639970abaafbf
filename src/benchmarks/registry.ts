import { gaussianMixture, gaussianMixtureWide } from './gaussian-mixture';
import { hodgkinHuxley } from './hodgkin-huxley';
import { lorenz96 } from './lorenz96';
import { checkObservationFile, OBSERVATION_FILES } from './observations';
import { slcp } from './slcp';
import type { Task, TaskId, TaskModel } from './task';
import { twoMoons } from './two-moons';

/** Every task model, in the order the page lists them (observations not attached). */
export const TASK_MODELS: readonly TaskModel[] = [twoMoons, gaussianMixture, gaussianMixtureWide, slcp, lorenz96, hodgkinHuxley];

/** Every task with its shipped observations and data range, keyed by id. */
export const TASKS: ReadonlyMap<TaskId, Task> = new Map(
  TASK_MODELS.map((model) => {
    const { observations, dataRange, showcases = [] } = checkObservationFile(model, OBSERVATION_FILES[model.id]);
    return [model.id, { ...model, observations, dataRange, showcases }];
  }),
);

/** All task ids, in page order. */
export const TASK_IDS: readonly TaskId[] = TASK_MODELS.map((model) => model.id);

/** True when `id` names a task. */
export function isTaskId(id: string): id is TaskId {
  return (TASK_IDS as readonly string[]).includes(id);
}

/** The task named `id`; an unknown id is an Error listing the valid ones. */
export function getTask(id: string): Task {
  const task = isTaskId(id) ? TASKS.get(id) : undefined;
  if (!task) throw new Error(`task: expected one of ${TASK_IDS.join(', ')}, got "${id}"`);
  return task;
}
