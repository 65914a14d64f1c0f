// Waiting for a row to mount after a scroll, for the row shortcuts. Client-only (animation frames).

/**
 * How long a row scrolled to may take to mount before its shortcut gives up: time, not frames
 * (30 frames are 250 ms at 120 Hz), as long as a big merge may hold the deferred render back.
 */
export const ROW_MOUNT_MS = 1000;

/**
 * Calls `found` with what `look` finds once it finds it, looking each frame for up to `withinMs`;
 * gives up silently after that.
 */
export function lookEachFrame<T>(
  look: () => T | undefined,
  found: (value: T) => void,
  withinMs: number,
  now: () => number = () => performance.now(),
): void {
  const deadline = now() + withinMs;
  const frame = () => {
    const value = look();
    if (value !== undefined) found(value);
    else if (now() < deadline) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
