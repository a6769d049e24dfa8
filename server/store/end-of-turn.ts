// Work asked for many times in one turn of the event loop, done once at its end (setImmediate: after the poll
// phase has handed every ready request to its handler). The stores batch writes and lookups this way.

/** Returns `request()`: the first call of a turn schedules `run` for the end of that turn; later calls add nothing. */
export function endOfTurn(run: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      run();
    });
  };
}
