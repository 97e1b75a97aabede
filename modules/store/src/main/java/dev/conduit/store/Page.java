package dev.conduit.store;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paged listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page in rows fetched with {@link PageRequest#limit()} (one more than the page holds): when that extra row
   * came back, more remain, and the next page starts after the page's last item.
   */
  static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, Cursor> position) {
    if (fetched.size() <= request.size()) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, request.size());
    return new Page<>(items, position.apply(items.get(items.size() - 1)).encode());
  }
}
