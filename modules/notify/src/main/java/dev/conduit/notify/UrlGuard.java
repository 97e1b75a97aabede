package dev.conduit.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Decides whether Conduit may send to a webhook URL, at registration and again before every delivery (DNS can
 * change): https only (unless {@code webhooks.allow-insecure}), no user info, every address the host resolves to
 * public (loopback and private networks only with {@code webhooks.allow-private-targets}; link-local, metadata,
 * multicast, unspecified and reserved never), a port from {@code webhooks.allowed-ports} (443 by default), and
 * numeric hosts only in their plain form — {@code 2852039166} or
 * {@code 127.1} would otherwise reach 169.254.169.254 or 127.0.0.1. The delivery connects to the address that
 * was checked, so a second lookup cannot swap it.
 */
final class UrlGuard {

  /** Where to send: the URL's parts and the address checked for it. */
  record Target(URI uri, String host, int port, boolean tls, InetAddress address) {

    String pathAndQuery() {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
  }

  /** The URL may not be used; the message says why, fit for the owner. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  /** inet_aton's forms: one to four parts, each decimal, octal (leading 0) or hex (0x). */
  private static final Pattern NUMERIC_HOST = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\\.?");
  private static final Pattern DOTTED_QUAD = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final int MAX_URL_LENGTH = 2048;

  /** Looks a host name up; blocking. Tests give their own, to reach a name that no DNS knows. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Vertx vertx;
  private final Resolver resolver;
  private final boolean allowPrivate;
  private final boolean allowInsecure;
  private final Set<Integer> allowedPorts;

  /** @param allowedPorts the ports a URL may name (empty: any); not applied when private targets are allowed */
  UrlGuard(Vertx vertx, boolean allowPrivate, boolean allowInsecure, Collection<Integer> allowedPorts) {
    this(vertx, InetAddress::getAllByName, allowPrivate, allowInsecure, allowedPorts);
  }

  UrlGuard(Vertx vertx, Resolver resolver, boolean allowPrivate, boolean allowInsecure,
      Collection<Integer> allowedPorts) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.allowPrivate = allowPrivate;
    this.allowInsecure = allowInsecure;
    this.allowedPorts = Set.copyOf(allowedPorts);
  }

  /** A URL that passed every check that needs no name lookup. */
  private record Parsed(URI uri, String host, int port, boolean tls) {
  }

  /** The checked target, or a failed future with {@link Refused}. Name resolution runs off the event loop. */
  Future<Target> check(String url) {
    Parsed parsed;
    try {
      parsed = parse(url);
    } catch (Refused refused) {
      return Future.failedFuture(refused);
    }
    return vertx.executeBlocking(() -> resolve(parsed.host()), false)
        .map(address -> new Target(parsed.uri(), parsed.host(), parsed.port(), parsed.tls(), address));
  }

  private Parsed parse(String url) {
    if (url == null || url.length() > MAX_URL_LENGTH) {
      throw new Refused("expected an absolute URL of at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecure)) {
      throw new Refused(allowInsecure ? "the URL must use https or http" : "the URL must use https");
    }
    if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      throw new Refused("the URL must not contain user information");
    }
    String host = host(uri);
    if (host == null || host.isEmpty()) {
      throw new Refused("the URL has no host");
    }
    if (uri.getRawFragment() != null) {
      throw new Refused("the URL must not contain a fragment");
    }
    boolean tls = scheme.equals("https");
    int port = port(uri, tls);
    if (!allowPrivate && !allowedPorts.isEmpty() && !allowedPorts.contains(port)) {
      throw new Refused("port " + port + " is not allowed; allowed: "
          + allowedPorts.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
      throw new Refused("a numeric host must be written as four decimal parts (a.b.c.d)");
    }
    return new Parsed(uri, host, port, tls);
  }

  /**
   * The URL's host. {@link URI} leaves it null when the authority is not a valid host name — {@code 127.1} and
   * {@code 0x7f.0.0.1} are such — so then it is taken from the authority, to be judged like any other.
   */
  private static String host(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.startsWith("[")) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  private static int port(URI uri, boolean tls) {
    if (uri.getHost() != null || uri.getRawAuthority() == null || uri.getRawAuthority().lastIndexOf(':') < 0) {
      return uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    }
    String authority = uri.getRawAuthority();
    try {
      int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
      if (port < 1 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new Refused("the URL's port is not a number from 1 to 65535");
    }
  }

  /** Every address of the host, each checked; the first is the one to connect to. Blocking. */
  private InetAddress resolve(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      throw new Refused("the host does not resolve");
    }
    for (InetAddress address : addresses) {
      AddressClassifier.Kind kind = AddressClassifier.classify(address);
      if (kind == AddressClassifier.Kind.FORBIDDEN) {
        throw new Refused("the host resolves to a link-local, metadata, multicast or reserved address");
      }
      if (kind == AddressClassifier.Kind.PRIVATE && !allowPrivate) {
        throw new Refused("the host resolves to a loopback or private-network address");
      }
    }
    return addresses[0];
  }
}
