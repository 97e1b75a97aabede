package dev.conduit.core.catalog;

import java.util.List;

/**
 * One connector file as read.
 *
 * @param file      the name shown to people, e.g. {@code connectors/github.yaml}
 * @param connector what the file holds, or null when it could not be read as a connector at all
 * @param problems  what is wrong with it ("field x: ..."), empty when it is valid
 */
public record ConnectorFile(String file, Connector connector, List<String> problems) {

  public ConnectorFile {
    problems = List.copyOf(problems);
  }

  /** The file's own name, without its directory: a file in the extra directory with the same one replaces it. */
  public String fileName() {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** Each problem prefixed with the file's name. */
  public List<String> located() {
    return problems.stream().map(p -> file + ": " + p).toList();
  }
}
