import type { ClusterNode } from './parse.js';

export const SNAPSHOT_SCHEMA_VERSION = '1.0.0';

/**
 * A command the collector could not run on a node, and why (refused, renamed, NOPERM, unknown,
 * timeout), or did not send because the node's version has no such command (`notInVersion`).
 */
export interface Skipped { command: string; reason: string; notInVersion?: true }

/** What one node told the collector. Secrets are redacted before this is built. */
export interface NodeSnapshot {
  /** host:port */
  address: string;
  reachable: boolean;
  error?: string;
  /** INFO section → field → value, raw strings as the server printed them. */
  info: Record<string, Record<string, string>>;
  /** CONFIG GET * (secrets redacted). */
  config?: Record<string, string>;
  /** ACL LIST (passwords and hashes redacted); absent before 6.0. */
  acl?: string[];
  /** CLIENT LIST, safe fields only. */
  clients?: Record<string, string>[];
  modules?: { name: string; version: string; path?: string }[];
  clusterInfo?: Record<string, string>;
  clusterNodes?: ClusterNode[];
  /** For a Sentinel: what it knows of each monitored master. */
  sentinel?: SentinelView[];
  skipped: Skipped[];
}

export interface SentinelView {
  name: string;
  master: Record<string, string>;
  replicas: Record<string, string>[];
  sentinels: Record<string, string>[];
  ckquorum?: string;
}

/** A deployment as collected: serialisable, schema-versioned, secrets redacted. */
export interface Snapshot {
  schemaVersion: string;
  kind: 'redis-upgrade-lint-snapshot';
  tool: { name: string; version: string };
  /** ISO time of collection. */
  collectedAt: string;
  /** The seed as given, password removed. */
  seed: string;
  topology: 'standalone' | 'replication' | 'cluster' | 'sentinel';
  nodes: NodeSnapshot[];
  /** Sentinel processes, for a Sentinel-managed set. */
  sentinels: NodeSnapshot[];
  masterName?: string;
}
