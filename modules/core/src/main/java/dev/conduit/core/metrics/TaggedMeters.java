package dev.conduit.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The meters of one name, one per combination of tag values: each registered the first time its values are
 * seen, then found again without a registry lookup or a key built from the values (counters sit on hot paths
 * such as the vend). Safe from any thread.
 *
 * @param <M> the kind of meter
 */
public final class TaggedMeters<M extends Meter> {

  private final List<String> tagKeys;
  private final Function<Tags, M> register;
  /** First tag value → the meter (one tag), or → second tag value → the meter (two tags). */
  private final ConcurrentMap<String, Object> meters = new ConcurrentHashMap<>();

  private TaggedMeters(List<String> tagKeys, Function<Tags, M> register) {
    if (tagKeys.isEmpty() || tagKeys.size() > 2) {
      throw new IllegalArgumentException("one or two tag keys, got " + tagKeys);
    }
    this.tagKeys = List.copyOf(tagKeys);
    this.register = register;
  }

  /** Counters named {@code name}, tagged with {@code tagKeys} (one or two), in that order of values. */
  public static TaggedMeters<Counter> counters(MeterRegistry registry, String name, String description,
      String... tagKeys) {
    return new TaggedMeters<>(List.of(tagKeys), tags -> Counter.builder(name).description(description).tags(tags)
        .register(registry));
  }

  /** The meter for one tag value (the only tag). */
  @SuppressWarnings("unchecked")
  public M get(String value) {
    expect(1);
    return (M) meters.computeIfAbsent(value, v -> register.apply(Tags.of(tagKeys.get(0), v)));
  }

  /** The meter for two tag values, in the order of the keys. */
  @SuppressWarnings("unchecked")
  public M get(String first, String second) {
    expect(2);
    ConcurrentMap<String, M> byFirst = (ConcurrentMap<String, M>) meters.computeIfAbsent(first,
        f -> new ConcurrentHashMap<String, M>());
    return byFirst.computeIfAbsent(second, s -> register.apply(Tags.of(tagKeys.get(0), first, tagKeys.get(1), s)));
  }

  private void expect(int values) {
    if (tagKeys.size() != values) {
      throw new IllegalArgumentException("these meters take " + tagKeys.size() + " tag value(s): " + tagKeys);
    }
  }
}
