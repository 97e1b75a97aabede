package dev.conduit.proxy;

import dev.conduit.store.CeilingLeases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Holds each connection to its connector's published ceiling across all replicas. The budget of a window lives in
 * PostgreSQL ({@link CeilingLeases}, scope {@code proxy:<connectionId>}); this instance takes it in small leases of
 * several permits and hands them to calls locally, so a steady stream of calls costs one database round trip per
 * lease, not per call. A lease is used only inside its window (on this replica's monotonic clock, less a guard at
 * the window's end); what is left of it then is counted as spent and never used: the safe side. The waste is at
 * most one lease less one permit per instance per window, which is why a lease is at most {@value #LEASE_SHARE}th
 * of the ceiling (see the README's "Proxy" section for the error bound).
 *
 * <p>One instance per HTTP verticle instance, used on its event loop only.
 */
final class ConnectionCeiling {

  /** A lease is at most this fraction of the ceiling: the permits one instance can strand per window. */
  static final int LEASE_SHARE = 100;
  /** And at most this many permits, so a big ceiling is not hoarded by one instance while others wait. */
  static final int MAX_LEASE = 256;
  private static final int GUARD_FRACTION = 20;
  private static final long MAX_GUARD_MS = 250;
  /** Scopes idle this long are forgotten, so connections called once do not pile up. */
  private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** What a call waiting for its ceiling is told. */
  sealed interface Decision permits Permit, Refusal {
  }

  /** A call may go now; {@code limit} and {@code remaining} are for the X-RateLimit-* headers. */
  record Permit(int limit, int remaining) implements Decision {
  }

  /** No permit before the caller's deadline: the window resets in {@code retryAfterMillis}. */
  record Refusal(long retryAfterMillis) implements Decision {
  }

  private final Vertx vertx;
  private final CeilingLeases leases;
  private final Map<String, Scope> scopes = new HashMap<>();
  private long lastForget = System.nanoTime();

  ConnectionCeiling(Vertx vertx, CeilingLeases leases) {
    this.vertx = vertx;
    this.leases = leases;
  }

  /**
   * Completes with a {@link Permit} or a {@link Refusal} ({@code deadlineNanos} on {@link System#nanoTime()});
   * fails when the database cannot be asked: without it no replica knows what the others have spent.
   */
  Future<Decision> acquire(String scope, int limit, int periodSeconds, long deadlineNanos) {
    forgetIdleScopes();
    Scope state = scopes.computeIfAbsent(scope, name -> new Scope(name, limit, periodSeconds));
    Promise<Decision> answer = Promise.promise();
    state.lastUsed = System.nanoTime();
    state.waiting.add(new Waiter(answer, deadlineNanos));
    state.pump();
    return answer.future();
  }

  private void forgetIdleScopes() {
    long now = System.nanoTime();
    if (now - lastForget > FORGET_AFTER_NANOS) {
      lastForget = now;
      scopes.values().removeIf(s -> s.waiting.isEmpty() && !s.asking && now - s.lastUsed > FORGET_AFTER_NANOS);
    }
  }

  private record Waiter(Promise<Decision> answer, long deadlineNanos) {
  }

  private final class Scope {

    private final String name;
    private final int limit;
    private final int periodSeconds;
    private final int leaseSize;
    private final long guardNanos;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean asking;
    /** Permits held here, usable until {@link #stockUsableUntil}. */
    private int stock;
    private long stockUsableUntil;
    /** What the database had left after the last grant (other replicas' leases count as spent). */
    private int leftInDatabase;
    /** Until then the window is known to be spent (0: not known). */
    private long spentUntil;
    private long timer = -1;
    private long lastUsed;

    Scope(String name, int limit, int periodSeconds) {
      this.name = name;
      this.limit = limit;
      this.periodSeconds = periodSeconds;
      this.leaseSize = Math.max(1, Math.min(MAX_LEASE, limit / LEASE_SHARE));
      this.guardNanos = TimeUnit.MILLISECONDS.toNanos(
          Math.min(MAX_GUARD_MS, TimeUnit.SECONDS.toMillis(periodSeconds) / GUARD_FRACTION));
    }

    void pump() {
      long now = System.nanoTime();
      if (stock > 0 && now - stockUsableUntil >= 0) {
        stock = 0;
      }
      while (stock > 0 && !waiting.isEmpty()) {
        stock--;
        waiting.poll().answer().tryComplete(new Permit(limit, leftInDatabase + stock));
      }
      if (asking || waiting.isEmpty()) {
        return;
      }
      if (now - spentUntil < 0) {
        // nothing to ask for before the next window: whoever cannot wait that long is told at once
        long retryAfterMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(spentUntil - now));
        waiting.removeIf(w -> w.deadlineNanos() - spentUntil < 0 && w.answer().tryComplete(new Refusal(retryAfterMillis)));
        if (!waiting.isEmpty() && timer == -1) {
          timer = vertx.setTimer(retryAfterMillis, id -> {
            timer = -1;
            pump();
          });
        }
        return;
      }
      asking = true;
      long sent = now;
      leases.take(name, limit, periodSeconds, Math.max(leaseSize, Math.min(waiting.size(), limit)))
          .onComplete(answer -> {
            asking = false;
            if (answer.failed()) {
              Waiter waiter;
              while ((waiter = waiting.poll()) != null) {
                waiter.answer().tryFail(answer.cause());
              }
              return;
            }
            received(answer.result(), sent);
            pump();
          });
    }

    private void received(CeilingLeases.Grant grant, long sent) {
      long usableUntil = sent + TimeUnit.MILLISECONDS.toNanos(grant.remainingMs()) - guardNanos;
      leftInDatabase = grant.left();
      if (System.nanoTime() - usableUntil < 0) {
        stock = grant.granted();
        stockUsableUntil = usableUntil;
      }
      if (grant.left() == 0 || stock == 0) {
        // from the answer's arrival (after the statement began): not before the window truly ends
        spentUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grant.remainingMs()) + 1;
      }
    }
  }
}
