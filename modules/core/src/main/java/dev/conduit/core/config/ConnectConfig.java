package dev.conduit.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Connect sessions and the hosted connect page.
 *
 * @param sessionTtl     how long a connect session's link works after it is created
 * @param frameAncestors the pages that may show the hosted connect page in a frame: the CSP {@code frame-ancestors}
 *                       sources, {@code 'none'} (never framed), {@code 'self'}, or origins separated by spaces
 */
public record ConnectConfig(Duration sessionTtl, String frameAncestors) {

  /** What is wrong with a {@code frame-ancestors} value, if anything: a sentence for the configuration error. */
  public static Optional<String> problemWithFrameAncestors(String value) {
    String[] sources = value == null ? new String[0] : value.trim().split(" +");
    if (sources.length == 0 || sources[0].isEmpty()) {
      return Optional.of("expected 'none', 'self' or origins separated by spaces");
    }
    for (String source : sources) {
      if (source.equals("'none'") && sources.length > 1) {
        return Optional.of("'none' cannot be combined with other sources");
      }
      if (!source.equals("'none'") && !source.equals("'self'")) {
        Optional<String> problem = RedirectAllowList.problemWithOrigin(source);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }
}
