package dev.conduit.core.config;

/**
 * @param url         a {@code postgresql://user:password@host:port/db} URL; empty selects the embedded
 *                    development PostgreSQL
 * @param poolSize    connections in the shared pool
 * @param embeddedDir where the development setup keeps its PostgreSQL data, keyset and JWT secret
 */
public record DatabaseConfig(String url, int poolSize, String embeddedDir) {

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + (embedded() ? "(embedded)" : "(set)") + ", poolSize=" + poolSize
        + ", embeddedDir=" + embeddedDir + "]";
  }
}
