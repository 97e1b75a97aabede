package dev.conduit.app;

import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Category;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.RateLimit;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The catalog as a table: plain text for a terminal, Markdown for {@code connectors/README.md}. */
final class CatalogTable {

  /** The command that writes connectors/README.md; the file says it, and the test that keeps it in sync. */
  static final String REGENERATE = "java -jar modules/app/target/conduit.jar catalog list --markdown"
      + " > connectors/README.md";
  /** The same without a jar: the sync test rewrites the file when asked to. */
  static final String REGENERATE_WITH_TEST = "mvn -B -q -pl modules/app -am test -Dtest=CatalogReadmeTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dconduit.catalog.readme=write";

  private static final List<String> TEXT_COLUMNS = List.of("ID", "NAME", "AUTH", "CATEGORIES", "CEILING");

  private CatalogTable() {
  }

  static String text(Catalog catalog) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(TEXT_COLUMNS);
    for (Connector c : catalog.all()) {
      rows.add(List.of(c.id(), c.name(), c.authType().wireName(), categories(c), ceiling(c.rateLimit())));
    }
    int[] widths = new int[TEXT_COLUMNS.size()];
    rows.forEach(row -> {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder table = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i == widths.length - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      table.append(line.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }

  static String markdown(Catalog catalog) {
    StringBuilder md = new StringBuilder()
        .append("<!-- Generated from connectors/*.yaml: do not edit by hand. CatalogReadmeTest fails while this file\n")
        .append("     and the catalog differ. Regenerate with a built jar:\n")
        .append("       ").append(REGENERATE).append("\n")
        .append("     or without one:\n")
        .append("       ").append(REGENERATE_WITH_TEST).append(" -->\n")
        .append("# Built-in connectors\n\n")
        .append(summary(catalog)).append("\n\n")
        .append("Ceilings are per connected account. \"not published\" marks a provider that publishes none: the value"
            + " is Conduit's conservative choice, and the connector file's `rateLimit.note` says why.\n\n")
        .append("| Id | Name | Auth | Categories | Ceiling | Source | Proxy |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Connector c : catalog.all()) {
      md.append("| `").append(c.id()).append("` | ")
          .append(cell(c.name())).append(" | ")
          .append(c.authType().wireName()).append(" | ")
          .append(categories(c)).append(" | ")
          .append(ceiling(c.rateLimit())).append(" | ")
          .append(link(c.rateLimit().source())).append(" | ")
          .append(c.api() == null ? "" : "`" + c.api().auth().text() + "`").append(" |\n");
    }
    return md.toString();
  }

  private static String summary(Catalog catalog) {
    long published = catalog.all().stream().filter(c -> c.rateLimit().published()).count();
    long proxied = catalog.all().stream().filter(c -> c.api() != null).count();
    return catalog.size() + " connectors: "
        + count(catalog, AuthType.OAUTH2) + " OAuth 2.0, "
        + count(catalog, AuthType.API_KEY) + " API key, "
        + count(catalog, AuthType.BASIC) + " basic; "
        + published + " with a ceiling the provider publishes; " + proxied + " with an `api` block for the proxy"
        + " (the Proxy column says how it sends the credential).";
  }

  private static long count(Catalog catalog, AuthType type) {
    return catalog.all().stream().filter(c -> c.authType() == type).count();
  }

  private static String categories(Connector c) {
    return c.categories().stream().map(Category::wireName).collect(Collectors.joining(", "));
  }

  /** "5000 per hour", "100 per 10 seconds"; marked when the provider publishes no ceiling. */
  static String ceiling(RateLimit limit) {
    return limit.limit() + " per " + period(limit.periodSeconds()) + (limit.published() ? "" : " (not published)");
  }

  private static String period(int seconds) {
    if (seconds % 86_400 == 0) {
      return unit(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return unit(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return unit(seconds / 60, "minute");
    }
    return unit(seconds, "second");
  }

  private static String unit(int n, String name) {
    return n == 1 ? name : n + " " + name + "s";
  }

  /** A link whose text is the host, so the table stays narrow enough to read. */
  private static String link(String url) {
    if (url == null) {
      return "";
    }
    String host = URI.create(url).getHost();
    return "[" + (host == null ? cell(url) : host.toLowerCase(Locale.ROOT)) + "](" + url.replace(")", "%29") + ")";
  }

  /** Text inside a table cell: a pipe would end the cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
