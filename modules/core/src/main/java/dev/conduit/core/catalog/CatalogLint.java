package dev.conduit.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rules a published catalog follows beyond what start-up needs to run: start-up accepts plain http for a provider
 * on loopback (tests use one) and looks at one file at a time, while these rules look at every URL and across files.
 * {@code catalog check} applies both, so people adding their own connectors get the checks the built-in ones pass.
 */
public final class CatalogLint {

  private static final String CATEGORIES = Arrays.stream(Category.values())
      .map(Category::wireName).collect(Collectors.joining(", "));

  private CatalogLint() {
  }

  /** Every lint problem, each as "file: field x: problem". Files that could not be read are skipped. */
  public static List<String> check(CatalogFiles catalog) {
    List<ConnectorFile> readable = catalog.files().stream().filter(f -> f.connector() != null).toList();
    List<String> problems = new ArrayList<>();
    for (ConnectorFile file : readable) {
      urls(file.connector()).forEach((field, url) -> {
        // a URL start-up already refused (plain http to a real host) is reported once, by start-up
        if (!isHttps(url) && !alreadyReported(file, field)) {
          problems.add(file.file() + ": field " + field + ": expected https, got '" + url + "'");
        }
      });
      if (file.connector().categories().isEmpty()) {
        problems.add(file.file() + ": field categories: expected at least one of " + CATEGORIES);
      }
    }
    duplicateIds(readable, problems);
    duplicateNames(effective(readable), problems);
    return problems;
  }

  /** Every URL of the connector, by field. */
  private static Map<String, String> urls(Connector c) {
    Map<String, String> urls = new LinkedHashMap<>();
    put(urls, "docsUrl", c.docsUrl());
    if (c.oauth() != null) {
      put(urls, "oauth.authorizeUrl", c.oauth().authorizeUrl());
      put(urls, "oauth.tokenUrl", c.oauth().tokenUrl());
      put(urls, "oauth.refreshUrl", c.oauth().refreshUrl());
      put(urls, "oauth.revokeUrl", c.oauth().revokeUrl());
    }
    if (c.api() != null) {
      put(urls, "api.baseUrl", c.api().baseUrl());
    }
    if (c.rateLimit() != null) {
      put(urls, "rateLimit.source", c.rateLimit().source());
    }
    return urls;
  }

  private static void put(Map<String, String> urls, String field, String url) {
    if (url != null) {
      urls.put(field, url);
    }
  }

  private static boolean alreadyReported(ConnectorFile file, String field) {
    return file.problems().stream().anyMatch(p -> p.startsWith("field " + field + ": "));
  }

  private static boolean isHttps(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("https://");
  }

  /**
   * A file replacing another of the same name is an override; any other second file with an id is a duplicate,
   * blamed on the file whose name does not match the id (the one that is not where people look for it).
   */
  private static void duplicateIds(List<ConnectorFile> files, List<String> problems) {
    Map<String, List<ConnectorFile>> byId = new LinkedHashMap<>();
    files.stream().filter(f -> f.connector().id() != null)
        .forEach(f -> byId.computeIfAbsent(f.connector().id(), id -> new ArrayList<>()).add(f));
    byId.forEach((id, declaring) -> {
      ConnectorFile owner = declaring.stream().filter(f -> f.fileName().equals(id + ".yaml"))
          .reduce((first, second) -> second).orElse(declaring.get(0));
      declaring.stream().filter(f -> !f.fileName().equals(owner.fileName())).forEach(f ->
          problems.add(f.file() + ": field id: '" + id + "' is already the id of " + owner.file()));
    });
  }

  /** The files that make up the merged catalog: those not replaced by a later file of the same name. */
  private static List<ConnectorFile> effective(List<ConnectorFile> files) {
    Map<String, ConnectorFile> byFileName = new LinkedHashMap<>();
    files.forEach(f -> byFileName.put(f.fileName(), f));
    return List.copyOf(byFileName.values());
  }

  /** Two connectors people cannot tell apart on the connect page. */
  private static void duplicateNames(List<ConnectorFile> files, List<String> problems) {
    Map<String, ConnectorFile> byName = new HashMap<>();
    for (ConnectorFile file : files) {
      String name = file.connector().name();
      if (name == null) {
        continue;
      }
      ConnectorFile earlier = byName.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), file);
      if (earlier != null) {
        problems.add(file.file() + ": field name: '" + name + "' is already the name of " + earlier.file());
      }
    }
  }
}
