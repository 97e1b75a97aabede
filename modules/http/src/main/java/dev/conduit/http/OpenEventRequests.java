package dev.conduit.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The long polls and streams one HttpVerticle instance holds open, so that stopping it ends them (a long poll
 * answers what it has, a stream ends) instead of holding the stop up until its grace runs out. Used from the
 * instance's event loop only.
 */
final class OpenEventRequests {

  /** A request held open for events. */
  interface Held {
    /** Ends it now, as well as it can: answered or closed. */
    void end();
  }

  private final Set<Held> held = new LinkedHashSet<>();

  void add(Held request) {
    held.add(request);
  }

  void remove(Held request) {
    held.remove(request);
  }

  void endAll() {
    List.copyOf(held).forEach(Held::end);
  }
}
