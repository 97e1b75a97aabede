package dev.conduit.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is short and plain (so it cannot forge
 * log lines), otherwise a fresh random one. The id is echoed on the response and kept for logs. A platform
 * handler, so it runs before the body handler and even a refused body gets an id.
 */
public final class RequestIds implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "conduit.requestId";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** The id of the request being handled. */
  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && ACCEPTABLE.matcher(given).matches() ? given : generate();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** 120 random bits in hex: unique enough for correlation, and cheap (no SecureRandom on the hot path). */
  private static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(1)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(1);
  }
}
