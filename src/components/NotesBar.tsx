import { useLab } from './lab-context';

/** Notes about what the lab changed or warns about (bad link values, clamped β, unusual data). */
export function NotesBar() {
  const notes = useLab((state) => state.notes);
  const dismiss = useLab((state) => state.dismissNote);
  if (notes.length === 0) return null;
  return (
    <ul className="notes" aria-live="polite">
      {notes.map((note) => (
        <li key={note.id} className="note-item" data-note={note.id}>
          <span>{note.text}</span>
          <button type="button" aria-label="dismiss note" onClick={() => dismiss(note.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
