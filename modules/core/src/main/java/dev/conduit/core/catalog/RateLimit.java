package dev.conduit.core.catalog;

/**
 * A provider's per-account request ceiling: {@code limit} calls per {@code periodSeconds}.
 *
 * @param source    the documentation page the ceiling was taken from
 * @param published false when the provider publishes no ceiling and the value is our conservative choice
 * @param note      how the value was read or chosen (required when not published)
 */
public record RateLimit(Integer limit, Integer periodSeconds, String source, Boolean published, String note) {

  public RateLimit {
    published = published == null || published;
  }
}
