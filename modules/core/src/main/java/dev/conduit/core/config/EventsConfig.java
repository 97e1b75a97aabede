package dev.conduit.core.config;

import java.time.Duration;

/**
 * The events API ({@code GET /api/events} and its Server-Sent Events stream).
 *
 * @param heartbeatInterval  how often an idle stream gets a comment line, so proxies keep it open; also how long a
 *                           stream's reader may leave its write queue full before it is disconnected
 * @param maxStreamsPerOwner the most streams one owner may hold open on one replica at once
 */
public record EventsConfig(Duration heartbeatInterval, int maxStreamsPerOwner) {
}
