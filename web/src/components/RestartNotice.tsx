/** Shown when the conversation can't continue; the copy never blames the user or shows raw errors. */
export function RestartNotice({ message, onRestart }: { message: string; onRestart: () => void }) {
  return (
    <div className="restart">
      <p>{message}</p>
      <button type="button" className="button button--secondary" onClick={onRestart}>
        Start again
      </button>
    </div>
  );
}
