package dev.conduit.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link BusMessage} records by reference between verticles of one JVM. It refuses to go on the wire:
 * vault replies carry plaintext secrets, and they must never cross a cluster link.
 */
public final class LocalRecordCodec implements MessageCodec<BusMessage, BusMessage> {

  public static final String NAME = "conduit-local-record";

  /** Registers the codec and selects it for every {@link BusMessage}; call once per Vert.x instance. */
  public static void register(EventBus eventBus) {
    eventBus.registerCodec(new LocalRecordCodec())
        .codecSelector(body -> body instanceof BusMessage ? NAME : null);
  }

  @Override
  public void encodeToWire(Buffer buffer, BusMessage message) {
    throw new IllegalStateException("event-bus records are local-only: " + message.getClass().getSimpleName());
  }

  @Override
  public BusMessage decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException("event-bus records are local-only");
  }

  @Override
  public BusMessage transform(BusMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
