package dev.conduit.deploy;

import dev.conduit.core.config.Durations;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code server.shutdown-grace}'s default: how long a stopping replica may take (issue 11's graceful lifecycle). */
final class ShutdownGrace {

  /** The default issue 11 gives the key, used while config/conduit.yaml does not hold it yet. */
  private static final Duration ISSUE_DEFAULT = Duration.ofSeconds(30);

  private ShutdownGrace() {
  }

  static long defaultSeconds() {
    JsonNode defaults = new YAMLMapper().readTree(ProjectFiles.read(ProjectFiles.defaults()));
    JsonNode grace = defaults.path("server").path("shutdown-grace");
    Duration duration = grace.isMissingNode() ? ISSUE_DEFAULT : Durations.parse(grace.asString());
    return duration.toSeconds();
  }
}
