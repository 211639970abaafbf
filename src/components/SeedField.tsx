import { useState } from 'react';
import { useLab } from './lab-context';

/** The seed of every random draw on the page: typed, or stepped with "new draws". */
export function SeedField() {
  const seed = useLab((state) => state.seed);
  const setSeed = useLab((state) => state.setSeed);
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const commit = (value: string) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) {
      setProblem(`Seed: expected a whole number, got "${value}". Kept ${seed}.`);
    } else {
      setProblem(null);
      setSeed(parsed);
    }
    setText(null);
  };

  return (
    <div className="control">
      <label htmlFor="seed-field">Seed</label>
      <input
        id="seed-field"
        inputMode="numeric"
        value={text ?? String(seed)}
        onChange={(event) => setText(event.target.value)}
        onBlur={(event) => {
          if (text !== null) commit(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit(event.currentTarget.value);
        }}
      />
      <button type="button" onClick={() => setSeed(seed + 1)}>
        New draws
      </button>
      {problem && (
        <p className="note" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
