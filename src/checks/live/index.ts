import type { LiveCheck } from './context.js';
import { clientLibraryTooOld } from './client-versions.js';
import { openDefaultUser, pubsubBeforeChannelAcl, pubsubDefaultLive, refusedCommands } from './acl.js';
import { clusterMasterWithoutReplica, clusterMigrating, clusterNodeFlags, clusterSlots, clusterState } from './cluster.js';
import { bgsaveFailed, forkHeadroom, persistenceBusy, rdbRefused, rdbRollback } from './persistence.js';
import { fullSyncInProgress, minReplicasToWrite, replicaLag, replicaLinkDown, staleDataRefused } from './replication.js';
import { sentinelCount, sentinelHealth } from './sentinel.js';
import { clientLibraries, deprecatedCommandsUsed, missingCommandsUsed, modulesVsTarget } from './usage.js';
import { mixedVersions, nodeVersions, replicaOlder, unreachableNode } from './versions.js';

/** The code-backed live checks that packs name in `check:`. */
export const LIVE_CHECKS: Record<string, LiveCheck> = {
  'unreachable-node': unreachableNode,
  'node-versions': nodeVersions,
  'mixed-versions': mixedVersions,
  'replica-older': replicaOlder,
  'cluster-state': clusterState,
  'cluster-slots': clusterSlots,
  'cluster-migrating': clusterMigrating,
  'cluster-node-flags': clusterNodeFlags,
  'cluster-master-without-replica': clusterMasterWithoutReplica,
  'replica-link-down': replicaLinkDown,
  'replica-lag': replicaLag,
  'full-sync-in-progress': fullSyncInProgress,
  'min-replicas-to-write': minReplicasToWrite,
  'stale-data-refused': staleDataRefused,
  'sentinel-count': sentinelCount,
  'sentinel-health': sentinelHealth,
  'bgsave-failed': bgsaveFailed,
  'persistence-busy': persistenceBusy,
  'rdb-rollback': rdbRollback,
  'rdb-refused': rdbRefused,
  'fork-headroom': forkHeadroom,
  'deprecated-commands-used': deprecatedCommandsUsed,
  'missing-commands-used': missingCommandsUsed,
  'modules-vs-target': modulesVsTarget,
  'client-libraries': clientLibraries,
  'client-library-too-old': clientLibraryTooOld,
  // Joined with configuration files by checkFileVsRunning (file-vs-running.ts); a snapshot alone has nothing to compare.
  'running-differs': () => [],
  'running-not-in-file': () => [],
  'open-default-user': openDefaultUser,
  'acl-pubsub-default': pubsubDefaultLive,
  'acl-pubsub-before-channel-acl': pubsubBeforeChannelAcl,
  'refused-commands': refusedCommands,
};
