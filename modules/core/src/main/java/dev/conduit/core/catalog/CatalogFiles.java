package dev.conduit.core.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The connector files of a catalog in the order they are merged (built-in first, then the extra directory).
 *
 * @param directoryProblems problems with the directories themselves (missing, unreadable)
 */
public record CatalogFiles(List<ConnectorFile> files, List<String> directoryProblems) {

  public CatalogFiles {
    files = List.copyOf(files);
    directoryProblems = List.copyOf(directoryProblems);
  }

  /** Every problem found while reading, each naming its file and field. */
  public List<String> problems() {
    List<String> all = new ArrayList<>(directoryProblems);
    files.forEach(f -> all.addAll(f.located()));
    return all;
  }
}
