package dev.conduit.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A per-connector ceiling replacing the catalog's: {@code limit} calls per {@code periodSeconds}. Written
 * {@code connector=limit/periodSeconds} (e.g. {@code github=1000/3600}) in YAML and environment variables, and
 * read into this form once, when the configuration loads.
 */
public record RateLimitOverride(String connector, int limit, int periodSeconds) {

  private static final Pattern FORM = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)=([1-9][0-9]{0,8})/([1-9][0-9]{0,6})");

  /**
   * The override {@code text} describes.
   *
   * @throws IllegalArgumentException saying what form is expected (the caller adds the key and where it was set)
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RateLimitOverride parse(String text) {
    Matcher matcher = FORM.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expected entries like github=1000/3600 (connector=limit/periodSeconds),"
          + " got '" + text + "'");
    }
    return new RateLimitOverride(matcher.group(1), Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)));
  }

  /** The written form, as {@link #parse} reads it. */
  @JsonValue
  @Override
  public String toString() {
    return connector + "=" + limit + "/" + periodSeconds;
  }
}
