package dev.conduit.core.bus;

/**
 * A record sent over the event bus. Messages stay inside one JVM and are passed by reference through
 * {@link LocalRecordCodec}: they are immutable, so nothing is copied or serialised on the hot path.
 */
public interface BusMessage {
}
