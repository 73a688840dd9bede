import semver from 'semver';
import type { NodeSnapshot } from '../../inputs/live/snapshot.js';
import type { LibName, LibrarySpec, RulesPack } from '../../rulepack/types.js';
import type { Hit } from '../context.js';
import { neededFor } from '../source/libraries.js';
import { nodeHit, type LiveCheck } from './context.js';

export type LibraryPack = RulesPack & { library: LibrarySpec };

/**
 * The application's connections among a node's CLIENT LIST entries: not replication links
 * (flags S and M) nor the collector's own connection (whose current command is CLIENT LIST).
 */
export function applicationClients(n: NodeSnapshot): Record<string, string>[] {
  return (n.clients ?? []).filter((c) => !/[SM]/.test(c.flags ?? '') && c.cmd !== 'client|list' && c.cmd !== 'client');
}

/** The clients of one library release connected to one node, as CLIENT SETINFO identified them. */
export interface ConnectedLibrary {
  pack: LibraryPack;
  libName: LibName;
  /** lib-name values as sent, suffixes included (`go-redis(,go1.21.0)`), sorted. */
  names: string[];
  /** lib-ver as sent (`6.3.2.RELEASE/4a1f2e3` for Lettuce). */
  reported: string;
  /** lib-ver as MAJOR.MINOR.PATCH[-pre], or undefined when it holds no version. */
  version?: string;
  /** Whether `version` is of a package the pack's rules are about (node-redis reports @redis/client's). */
  comparable: boolean;
  /** `addr` of each client (ip:port), sorted. */
  addresses: string[];
}

/** The pack entry whose lib-name this is: the name itself, or the name with a `(…)` suffix. */
function libNameOf(packs: LibraryPack[], sent: string): { pack: LibraryPack; libName: LibName } | undefined {
  for (const pack of packs) {
    for (const libName of pack.library.libNames ?? []) {
      if (sent === libName.name || (sent.startsWith(`${libName.name}(`) && sent.endsWith(')'))) return { pack, libName };
    }
  }
  return undefined;
}

/** A lib-ver as semver: kept when valid, else its leading MAJOR.MINOR.PATCH (Maven `6.3.2.RELEASE/abc`). */
function versionOf(reported: string): string | undefined {
  return semver.valid(reported) ?? semver.coerce(reported)?.version ?? undefined;
}

/**
 * Groups a node's application clients by library release (pack and lib-ver), for the packs that
 * list `library.libNames`. Clients without a lib-name, or with one no pack knows, are left out
 * (clients.connected-libraries lists them).
 */
export function connectedLibraries(n: NodeSnapshot, packs: RulesPack[]): ConnectedLibrary[] {
  const known = packs.filter((p): p is LibraryPack => !!p.library?.libNames?.length);
  const groups = new Map<string, ConnectedLibrary>();
  for (const c of applicationClients(n)) {
    const sent = c['lib-name'];
    const match = sent ? libNameOf(known, sent) : undefined;
    if (!sent || !match) continue;
    const reported = c['lib-ver'] ?? '';
    const key = `${match.pack.name}\0${reported}`;
    let g = groups.get(key);
    if (!g) {
      const version = versionOf(reported);
      g = { ...match, names: [], reported, ...(version ? { version } : {}), comparable: match.pack.library.packages.includes(match.libName.package), addresses: [] };
      groups.set(key, g);
    }
    if (!g.names.includes(sent)) g.names.push(sent);
    g.addresses.push(c.addr ?? `id ${c.id ?? '?'}`);
  }
  return [...groups.values()].map((g) => ({ ...g, names: g.names.sort(), addresses: g.addresses.sort() }))
    .sort((a, b) => (a.pack.name === b.pack.name ? (a.reported < b.reported ? -1 : 1) : a.pack.name < b.pack.name ? -1 : 1));
}

const SHOWN_ADDRESSES = 10;

/** `3 clients lib-name=go-redis(,go1.21.0) lib-ver=9.5.0 from 10.0.0.7:51234, …` */
function evidenceOf(g: ConnectedLibrary): string {
  const more = g.addresses.length - SHOWN_ADDRESSES;
  const from = g.addresses.slice(0, SHOWN_ADDRESSES).join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `${g.addresses.length} client${g.addresses.length === 1 ? '' : 's'} lib-name=${g.names.join('|')} lib-ver=${g.reported} from ${from}`;
}

/** A hit on a node for one library release; vars name the library, version, count and addresses; subject `library:<pack>`. */
export function libraryHit(n: NodeSnapshot, g: ConnectedLibrary, key: string, vars: Record<string, string>): Hit {
  const count = g.addresses.length;
  return {
    ...nodeHit(n, 'clients', evidenceOf(g), {
      library: g.pack.name, package: g.libName.package, version: g.version ?? g.reported, reported: g.reported,
      count: String(count), clients: `${count} client${count === 1 ? '' : 's'}`, addresses: g.addresses.slice(0, SHOWN_ADDRESSES).join(', '), ...vars,
    }, key),
    subject: `library:${g.pack.name}`,
  };
}

/**
 * Connected clients whose library release is older than the lowest one the target server needs
 * (the pack's `compatible` entries, as `manifest.library-too-old` judges manifests). Only versions
 * of the pack's own packages are compared (node-redis reports @redis/client's version).
 */
export const clientLibraryTooOld: LiveCheck = (snap, ctx) =>
  snap.nodes.flatMap((n) => connectedLibraries(n, ctx.index.packs).flatMap((g) => {
    const needed = neededFor(g.pack.library, ctx.path.target);
    if (!needed || !g.comparable || !g.version || !semver.lt(g.version, needed.version)) return [];
    return [libraryHit(n, g, `old:${g.pack.name}:${g.reported}`, { needed: needed.version, neededSource: needed.source })];
  }));
