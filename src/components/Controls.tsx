import { useMemo, useState } from 'react';
import { EVALUATION_BETAS } from '../core/evaluation-grid';
import { getTaskInfo, TASK_METADATA } from '../benchmarks/metadata/catalog';
import type { TaskId } from '../benchmarks/metadata/task-metadata';
import { betaToSlider, sliderMarks, sliderToBeta, SLIDER_STEPS } from '../store/selection';
import { useLab, useSimulation } from './lab-context';
import { SeedField } from './SeedField';

/** The task picker: every task in the registry. */
function TaskPicker() {
  const taskId = useLab((state) => state.taskId);
  const selectTask = useLab((state) => state.selectTask);
  return (
    <label className="control">
      <span>Benchmark</span>
      <select id="task-picker" value={taskId} onChange={(event) => selectTask(event.target.value as TaskId)}>
        {TASK_METADATA.map((task) => (
          <option key={task.id} value={task.id}>
            {task.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The observation picker: the 10 fixed ones, the task's showcase cells, the misspecified preset, a custom one, a new simulation, or a recorded trace. */
function ObservationPicker() {
  const task = getTaskInfo(useLab((state) => state.taskId));
  const observation = useLab((state) => state.observation);
  const selectObservation = useLab((state) => state.selectObservation);
  const simulateObservation = useSimulation((state) => state.simulateObservation);
  const value = observation.kind === 'fixed' ? String(observation.index) : observation.kind === 'showcase' ? `showcase:${observation.id}` : observation.kind;
  return (
    <div className="control">
      <label htmlFor="observation-picker">Observation</label>
      <select
        id="observation-picker"
        value={value}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice === 'misspecified') selectObservation({ kind: 'misspecified' });
          else if (choice.startsWith('showcase:')) selectObservation({ kind: 'showcase', id: choice.slice('showcase:'.length) });
          else if (choice !== 'custom' && choice !== 'recorded') selectObservation({ kind: 'fixed', index: Number(choice) });
        }}
      >
        {task.observations.map((_, index) => (
          <option key={index} value={index}>
            Observation {index + 1}
          </option>
        ))}
        {task.showcases.map((cell) => (
          <option key={cell.id} value={`showcase:${cell.id}`}>
            {cell.name}
          </option>
        ))}
        <option value="misspecified" title={`One draw of the misspecified simulator (${task.misspecified.name}) at observation 1's θ`}>
          Misspecified ({task.misspecified.name})
        </option>
        {observation.kind === 'custom' && <option value="custom">{observation.theta ? 'New simulation' : 'Dragged by hand'}</option>}
        {observation.kind === 'recorded' && <option value="recorded">Recorded: {observation.name}</option>}
      </select>
      <button type="button" id="simulate-observation" onClick={simulateObservation}>
        Simulate a new one
      </button>
      {task.traces && <RecordedTraceButton />}
    </div>
  );
}

/** Brings a recorded voltage trace (CSV: time,voltage in ms,mV from t = 0) in as the observation. */
function RecordedTraceButton() {
  const loadRecordedTrace = useSimulation((state) => state.loadRecordedTrace);
  return (
    <label className="file-button" title="A CSV file with a header and rows time,voltage (ms, mV) from t = 0, evenly spaced, at least 110 ms long">
      Load a recorded trace…
      <input
        id="recorded-trace"
        type="file"
        accept=".csv,text/csv,text/plain"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void loadRecordedTrace(file);
        }}
      />
    </label>
  );
}

/** The β slider (log scale over the task's domain, 𝒢 marked), a numeric field, and "play". */
function BetaControl() {
  const task = getTaskInfo(useLab((state) => state.taskId));
  const beta = useLab((state) => state.beta);
  const setBeta = useLab((state) => state.setBeta);
  const releaseBeta = useLab((state) => state.releaseBeta);
  const playing = useLab((state) => state.playing);
  const setPlaying = useLab((state) => state.setPlaying);
  const [typed, setTyped] = useState<string | null>(null);
  const marks = useMemo(() => sliderMarks(task, EVALUATION_BETAS), [task]);

  const commitTyped = (text: string) => {
    setTyped(null);
    const value = Number(text);
    setBeta(text.trim() === '' ? Number.NaN : value);
    releaseBeta(); // a typed β is a choice, not a drag: it rests at once
  };

  return (
    <div className="control beta-control">
      <label htmlFor="beta-slider">
        β <span className="hint">(temperature)</span>
      </label>
      <div className="beta-slider-wrap">
        <input
          id="beta-slider"
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={5}
          list="beta-marks"
          value={betaToSlider(task, beta)}
          aria-valuetext={`β = ${beta}`}
          onChange={(event) => setBeta(sliderToBeta(task, Number(event.target.value)))}
          // Letting go rests β at once (otherwise it rests after a short pause without input).
          onPointerUp={releaseBeta}
          onKeyUp={releaseBeta}
          onBlur={releaseBeta}
        />
        <datalist id="beta-marks">
          {marks.map((mark) => (
            <option key={mark.beta} value={betaToSlider(task, mark.beta)} label={String(mark.beta)} />
          ))}
        </datalist>
        <div className="beta-ticks" aria-hidden="true">
          {marks.map((mark) => (
            <span key={mark.beta} className={mark.labelled ? undefined : 'unlabelled'} style={{ left: `${mark.percent}%` }}>
              {mark.labelled ? mark.beta : '|'}
            </span>
          ))}
        </div>
      </div>
      <input
        id="beta-field"
        className="beta-field"
        inputMode="decimal"
        aria-label="β value"
        value={typed ?? String(beta)}
        onChange={(event) => setTyped(event.target.value)}
        // Only an edit is committed: a plain blur must not re-apply β (and clear its notes).
        onBlur={(event) => {
          if (typed !== null) commitTyped(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commitTyped(event.currentTarget.value);
        }}
      />
      <button type="button" id="play-beta" aria-pressed={playing} onClick={() => setPlaying(!playing)}>
        {playing ? '■ Stop' : '▶ Play'}
      </button>
    </div>
  );
}

/** The lab's control bar. */
export function Controls() {
  return (
    <section className="controls" aria-label="controls">
      <TaskPicker />
      <ObservationPicker />
      <BetaControl />
      <SeedField />
    </section>
  );
}
