import { gaussianMixtureMetadata, gaussianMixtureWideMetadata } from './gaussian-mixture';
import { hodgkinHuxleyMetadata } from './hodgkin-huxley';
import { lorenz96Metadata } from './lorenz96';
import { checkObservationFile, OBSERVATION_FILES } from './observation-file';
import { slcpMetadata } from './slcp';
import type { TaskId, TaskInfo, TaskMetadata } from './task-metadata';
import { twoMoonsMetadata } from './two-moons';

/**
 * Every task's metadata with its shipped observations — what the page reads about a task (no
 * simulator, no likelihood, no tfjs). `src/benchmarks/registry.ts` adds the models.
 */

/** Every task's metadata, in the order the page lists them. */
export const TASK_METADATA: readonly TaskMetadata[] = [twoMoonsMetadata, gaussianMixtureMetadata, gaussianMixtureWideMetadata, slcpMetadata, lorenz96Metadata, hodgkinHuxleyMetadata];

/** All task ids, in page order. */
export const TASK_IDS: readonly TaskId[] = TASK_METADATA.map((metadata) => metadata.id);

/** Every task's metadata with its shipped observations, data range, showcases and misspecified preset, keyed by id. */
const TASK_INFOS: ReadonlyMap<TaskId, TaskInfo> = new Map(
  TASK_METADATA.map((metadata) => {
    const { observations, dataRange, showcases = [], misspecifiedPreset } = checkObservationFile(metadata, OBSERVATION_FILES[metadata.id]);
    return [metadata.id, { ...metadata, observations, dataRange, showcases, misspecifiedPreset }];
  }),
);

/** True when `id` names a task. */
export function isTaskId(id: string): id is TaskId {
  return (TASK_IDS as readonly string[]).includes(id);
}

/** The task named `id`, as the page knows it; an unknown id is an Error listing the valid ones. */
export function getTaskInfo(id: string): TaskInfo {
  const info = isTaskId(id) ? TASK_INFOS.get(id) : undefined;
  if (!info) throw new Error(`task: expected one of ${TASK_IDS.join(', ')}, got "${id}"`);
  return info;
}
