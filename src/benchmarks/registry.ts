import { gaussianMixture, gaussianMixtureWide } from './gaussian-mixture';
import { hodgkinHuxley } from './hodgkin-huxley';
import { lorenz96 } from './lorenz96';
import { getTaskInfo } from './metadata/catalog';
import type { TaskId } from './metadata/task-metadata';
import { slcp } from './slcp';
import type { Task, TaskModel } from './task';
import { twoMoons } from './two-moons';

/** Every task model, in the catalog's (the page's) order. */
export const TASK_MODELS: readonly TaskModel[] = [twoMoons, gaussianMixture, gaussianMixtureWide, slcp, lorenz96, hodgkinHuxley];

/** Every task — its model with the catalog's shipped observations — keyed by id. */
export const TASKS: ReadonlyMap<TaskId, Task> = new Map(
  TASK_MODELS.map((model) => {
    const { observations, dataRange, showcases, misspecifiedPreset } = getTaskInfo(model.id);
    return [model.id, { ...model, observations, dataRange, showcases, misspecifiedPreset }];
  }),
);

/** The task named `id`, with its simulator and likelihood; an unknown id is the catalog's Error listing the valid ones. */
export function getTask(id: string): Task {
  const task = TASKS.get(id as TaskId);
  if (task) return task;
  getTaskInfo(id); // throws for an unknown id
  throw new Error(`task: expected a model for every task of the catalog, got none for "${id}"`);
}
