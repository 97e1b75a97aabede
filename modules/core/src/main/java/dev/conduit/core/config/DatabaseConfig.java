package dev.conduit.core.config;

import java.time.Duration;

/**
 * @param url         a {@code postgresql://user:password@host:port/db} URL; empty selects the embedded
 *                    development PostgreSQL
 * @param poolSize    connections in the shared pool
 * @param embeddedDir where the development setup keeps its PostgreSQL data, keyset and JWT secret
 * @param queryTimeout the longest one use of the pool (acquire and statements) may take before it is abandoned
 */
public record DatabaseConfig(String url, int poolSize, String embeddedDir, Duration queryTimeout) {

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + (embedded() ? "(embedded)" : "(set)") + ", poolSize=" + poolSize
        + ", embeddedDir=" + embeddedDir + ", queryTimeout=" + queryTimeout + "]";
  }
}
