// How deeply a parsed JSON value nests, counted without recursion: a hostile
// body nested a hundred thousand levels deep would overflow the stack of
// everything that walks it later (JSON.stringify, the content hash, the schema).

/** Whether the arrays and objects in the value nest more than maxDepth levels ("{}" is one level, "[{}]" two). */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > maxDepth) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 });
  }
  return false;
}
