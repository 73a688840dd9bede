/** INFO text → section → field → value. Section names are lowercase (`replication`, `commandstats`). */
export function parseInfo(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = 'default';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) { section = line.slice(1).trim().toLowerCase(); out[section] ??= {}; continue; }
    const i = line.indexOf(':');
    if (i < 0) continue;
    (out[section] ??= {})[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** `key=value` pairs (a value may itself contain '='), as INFO values and CLIENT LIST lines write them. */
function keyValues(pairs: string[]): Record<string, string> {
  return Object.fromEntries(pairs.map((kv) => {
    const i = kv.indexOf('=');
    return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
  }));
}

/** `a=1,b=2` (INFO values such as slave0 and cmdstat_*) → record. */
export function parseInfoValue(value: string): Record<string, string> {
  return keyValues(value.split(','));
}

/** CLIENT LIST text → one record per client (`key=value` separated by spaces). */
export function parseClientList(text: string): Record<string, string>[] {
  return text.split(/\r?\n/).filter(Boolean).map((line) => keyValues(line.split(' ')));
}

export interface ClusterNode {
  id: string;
  /** host:port (the bus port and hostname stripped). */
  address: string;
  flags: string[];
  masterId: string | null;
  linkState: string;
  /** Slot ranges as written, e.g. `0-5460`, and migration markers like `[42->-id]`. */
  slots: string[];
}

/** CLUSTER NODES text → nodes. Handles `ip:port@cport` (4.0+) and `ip:port` (3.x), hostnames after a comma (7.0+). */
export function parseClusterNodes(text: string): ClusterNode[] {
  return text.split(/\r?\n/).filter((l) => l.trim()).map((line) => {
    const parts = line.trim().split(' ');
    const addr = (parts[1] ?? '').split(',')[0]?.split('@')[0] ?? '';
    return {
      id: parts[0] ?? '',
      address: addr,
      flags: (parts[2] ?? '').split(','),
      masterId: parts[3] === '-' || !parts[3] ? null : parts[3],
      linkState: parts[7] ?? '',
      slots: parts.slice(8),
    };
  });
}

/** Number of slots a node's slot list covers (migration markers excluded). */
export function countSlots(slots: string[]): number {
  let n = 0;
  for (const s of slots) {
    if (s.startsWith('[')) continue;
    const [a, b] = s.split('-').map(Number) as [number, number | undefined];
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}
