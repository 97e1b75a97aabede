package dev.conduit.core.config;

import java.time.Duration;

/**
 * How replicas of one deployment find each other in PostgreSQL.
 *
 * @param heartbeatInterval how often a replica renews its row in {@code cluster_replicas}; the others stop counting
 *                          it after three missed beats
 */
public record ClusterConfig(Duration heartbeatInterval) {
}
