// Which units left and came between two analyses, by identity. An edit changes a few units in the middle:
// the units both lists start and end with are the same at the same places, so only the window between them
// is compared as sets (50,000 units: a keystroke must not cost two Sets of them). Units are distinct objects.

/** Indices into `before` of the units `after` no longer holds, and into `after` of the ones `before` did not. */
export function unitChanges<T>(before: readonly T[], after: readonly T[]): { removed: number[]; added: number[] } {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const now = new Set(after.slice(head, after.length - tail));
  const then = new Set(before.slice(head, before.length - tail));
  const removed: number[] = [];
  const added: number[] = [];
  for (let at = head; at < before.length - tail; at++) if (!now.has(before[at])) removed.push(at);
  for (let at = head; at < after.length - tail; at++) if (!then.has(after[at])) added.push(at);
  return { removed, added };
}

/** `list` with `[from, to)` replaced by `middle`, as a new array. */
export function spliced<T>(list: readonly T[], from: number, to: number, middle: readonly T[]): T[] {
  // A copy then splice is the fastest way in V8 (a memcpy); spreading a large middle would overflow the stack.
  if (middle.length <= 10_000) {
    const out = list.slice();
    out.splice(from, to - from, ...middle);
    return out;
  }
  return [...list.slice(0, from), ...middle, ...list.slice(to)];
}
