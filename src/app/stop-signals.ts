// When the service stops: on SIGTERM or SIGINT (Ctrl+C), and, when npm started it, when
// npm is gone. `npm start` runs `sh -c "node …"`: killing npm by its pid ends npm and
// that shell but not node, which would go on under PID 1 holding the data folder; so a
// process started by npm watches its parent and stops, cleanly, when the parent changes.
// A stop that hangs (a client holding a connection, a channel that does not answer) is
// cut short: the process ends within STOP_DEADLINE_MS of the signal whatever happens.

/** The longest a stop may take before the process exits anyway. */
export const STOP_DEADLINE_MS = 10_000;
const PARENT_POLL_MS = 500;

/** Resolves with what asked the service to stop: a signal's name, or "parent-gone". */
export function stopRequested(env: NodeJS.ProcessEnv = process.env): Promise<NodeJS.Signals | 'parent-gone'> {
  return new Promise((resolve) => {
    // Kept listening: a second signal (npm passes on the one its process group got too) must
    // not end the process half-way through its stop; the deadline below ends a stop that hangs.
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
    // npm sets npm_lifecycle_event for the scripts it runs; a service manager starts node itself and is not watched.
    if (!env.npm_lifecycle_event) return;
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      resolve('parent-gone');
    }, PARENT_POLL_MS);
    timer.unref();
  });
}

/** Ends the process (exit code 1) if it is still running `ms` from now, after `onTimeout`; the timer does not keep it alive. */
export function exitIfStillRunning(ms: number, onTimeout: () => void): void {
  setTimeout(() => {
    onTimeout();
    process.exit(1);
  }, ms).unref();
}
