package dev.conduit.core.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The immutable connector catalog, sorted by id. Shared read-only between verticles. */
public final class Catalog {

  private final List<Connector> connectors;
  private final Map<String, Connector> byId;

  private Catalog(List<Connector> connectors) {
    this.connectors = connectors;
    this.byId = connectors.stream().collect(Collectors.toUnmodifiableMap(Connector::id, Function.identity()));
  }

  public static Catalog of(Collection<Connector> connectors) {
    return new Catalog(connectors.stream().sorted(Comparator.comparing(Connector::id)).toList());
  }

  public List<Connector> all() {
    return connectors;
  }

  public Optional<Connector> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return connectors.size();
  }

  /** As {@link #filter(AuthType, Category, String)} without a category. */
  public List<Connector> filter(AuthType authType, String query) {
    return filter(authType, null, query);
  }

  /**
   * The connectors matching every filter; a null filter matches everything. {@code query} matches the id or the
   * name, case-insensitively, anywhere in the text.
   */
  public List<Connector> filter(AuthType authType, Category category, String query) {
    String needle = query == null ? null : query.toLowerCase(Locale.ROOT);
    return connectors.stream()
        .filter(c -> authType == null || c.authType() == authType)
        .filter(c -> category == null || c.categories().contains(category))
        .filter(c -> needle == null
            || c.id().contains(needle)
            || c.name().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }

  /** How many of {@code connectors} are in each category, in the categories' order, leaving out empty ones. */
  public static Map<Category, Integer> countByCategory(List<Connector> connectors) {
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    connectors.forEach(c -> c.categories().forEach(category -> counts.merge(category, 1, Integer::sum)));
    return counts;
  }
}
