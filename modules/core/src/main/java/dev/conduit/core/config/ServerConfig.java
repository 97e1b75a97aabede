package dev.conduit.core.config;

import java.time.Duration;

/**
 * How the process stops on SIGTERM (or Ctrl-C).
 *
 * @param shutdownGrace the longest a stop may take, from the signal to the exit: draining, requests, refreshes and
 *                      deliveries in flight, and closing down all fit in it; what still runs after it is abandoned
 * @param drainDelay    how long readiness reports 503 while requests are still taken, so load balancers and the
 *                      Kubernetes endpoints controller stop sending traffic before the listener closes; part of the
 *                      grace, not added to it
 */
public record ServerConfig(Duration shutdownGrace, Duration drainDelay) {
}
