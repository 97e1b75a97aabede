package dev.conduit.app;

/** The configuration is unusable; the message names the key (and its environment variable) and what it expects. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
