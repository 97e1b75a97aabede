package dev.conduit.core.config;

/**
 * How much one owner may keep, so that one tenant cannot fill the database. Every row counts while it exists: a
 * revoked connection or a disabled webhook endpoint still occupies its place until it is deleted.
 *
 * @param connectionsPerOwner the most connections one owner may have, whatever their status
 * @param webhooksPerOwner    the most webhook endpoints one owner may have, whatever their status
 * @param pendingConnectSessionsPerOwner the most connect sessions one owner may have that are neither expired nor
 *                           spent
 * @param apiKeysPerOwner    the most platform API keys one owner may have, expired ones included until deleted
 */
public record LimitsConfig(int connectionsPerOwner, int webhooksPerOwner, int pendingConnectSessionsPerOwner,
    int apiKeysPerOwner) {
}
