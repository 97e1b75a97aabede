package dev.conduit.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The count of open client connections, shared by every HttpVerticle instance of the process (they share the
 * port, so the cap is the process's, not each event loop's).
 */
public final class OpenConnections {

  private static final Logger LOG = LoggerFactory.getLogger(OpenConnections.class);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  /** Set while connections are turned away, so a flood logs one warning, not one per connection. */
  private final AtomicBoolean refusing = new AtomicBoolean();

  public OpenConnections(int max) {
    this.max = max;
  }

  /** Counts one more connection if there is room; false (and nothing counted) when the cap is reached. */
  boolean tryOpen() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      if (refusing.compareAndSet(false, true)) {
        LOG.warn("http.max-connections ({}) reached: closing new connections until some close", max);
      }
      return false;
    }
    refusing.set(false);
    return true;
  }

  void closed() {
    open.decrementAndGet();
  }
}
