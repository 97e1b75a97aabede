package dev.conduit.core.catalog;

import java.util.List;

/** One or more connector files are invalid; the message names each file and field. */
public final class CatalogException extends RuntimeException {

  private final List<String> problems;

  public CatalogException(List<String> problems) {
    super("invalid connector catalog:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
