package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This replica's side of the cluster-wide ceilings: a call asks for one permit of a scope (e.g.
 * {@code refresh:github}) and gets it once PostgreSQL grants it ({@link CeilingLeases}), after waiting if the
 * window is used up and the next one starts within the caller's deadline. Permits are leased only for calls that
 * are waiting for them, so this replica holds no budget it does not use: one that dies strands at most the permits
 * of the calls it was about to make.
 * The callers waiting on one scope share one request at a time: each answer is handed out in arrival order and
 * the rest ask again, so a burst of a hundred calls costs a few round trips, not a hundred.
 *
 * <p>A permit is used only while its window lasts, measured on this replica's monotonic clock from the moment the
 * request was sent — never from its wall clock, so a replica whose clock is off cannot spend a window's permits in
 * the next one. One instance per verticle, used on its event loop.
 */
public final class ClusterCeilings {

  /**
   * A permit is not used in the last moment of its window: the call it lets out should reach the provider inside
   * the window the provider counts it in. The guard is this fraction of the period, at most {@link #MAX_GUARD_MS}.
   */
  private static final int GUARD_FRACTION = 20;
  private static final long MAX_GUARD_MS = 250;

  private final Vertx vertx;
  private final CeilingLeases leases;
  private final Map<String, Scope> scopes = new HashMap<>();

  public ClusterCeilings(Vertx vertx, CeilingLeases leases) {
    this.vertx = vertx;
    this.leases = leases;
  }

  /**
   * Completes with true when a call under {@code scope}'s ceiling may start now; with false when no permit comes
   * before {@code deadlineNanos} ({@link System#nanoTime()}); failed when the database cannot be asked — fail
   * closed: without PostgreSQL no replica can know what the others have spent.
   *
   * @param budget        calls per window, across the cluster
   * @param periodSeconds the window's length
   */
  public Future<Boolean> acquire(String scope, int budget, int periodSeconds, long deadlineNanos) {
    Scope state = scopes.computeIfAbsent(scope, name -> new Scope(name, budget, periodSeconds));
    Promise<Boolean> permit = Promise.promise();
    state.waiting.add(new Waiter(permit, deadlineNanos));
    state.pump();
    return permit.future();
  }

  private record Waiter(Promise<Boolean> permit, long deadlineNanos) {
  }

  /** One ceiling's callers: who waits, whether a request is out, and until when its window is known to be spent. */
  private final class Scope {

    private final String name;
    private final int budget;
    private final int periodSeconds;
    private final long guardNanos;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean asking;
    /** Until this moment the database has nothing left for this scope (0: not known to be spent). */
    private long spentUntilNanos;
    private long timer = -1;

    Scope(String name, int budget, int periodSeconds) {
      this.name = name;
      this.budget = budget;
      this.periodSeconds = periodSeconds;
      this.guardNanos = TimeUnit.MILLISECONDS.toNanos(
          Math.min(MAX_GUARD_MS, TimeUnit.SECONDS.toMillis(periodSeconds) / GUARD_FRACTION));
    }

    void pump() {
      if (asking || waiting.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      if (now < spentUntilNanos) {
        // nothing to ask for until the next window: those who cannot wait that long are told at once
        waiting.removeIf(waiter -> waiter.deadlineNanos() < spentUntilNanos && waiter.permit().tryComplete(false));
        if (!waiting.isEmpty() && timer == -1) {
          timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(spentUntilNanos - now)), id -> {
            timer = -1;
            pump();
          });
        }
        return;
      }
      asking = true;
      long sent = now;
      leases.take(name, budget, periodSeconds, waiting.size()).onComplete(answer -> {
        asking = false;
        if (answer.failed()) {
          Waiter waiter;
          while ((waiter = waiting.poll()) != null) {
            waiter.permit().tryFail(answer.cause());
          }
          return;
        }
        handOut(answer.result(), sent);
        pump();
      });
    }

    /**
     * Gives the granted permits to the first waiters, unless the window ends before they could be used: such
     * permits stay counted and unused (the safe side), and the next request lands in the next window.
     */
    private void handOut(CeilingLeases.Grant grant, long sent) {
      long usableUntil = sent + TimeUnit.MILLISECONDS.toNanos(grant.remainingMs()) - guardNanos;
      boolean usable = System.nanoTime() < usableUntil;
      for (int i = 0; usable && i < grant.granted() && !waiting.isEmpty(); i++) {
        waiting.poll().permit().tryComplete(true);
      }
      if (grant.left() == 0 || !usable) {
        // counted from the answer's arrival, which is after the statement began: not before the window truly ends,
        // so the next request is not wasted on the spent window
        spentUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grant.remainingMs()) + 1;
      }
    }
  }
}
