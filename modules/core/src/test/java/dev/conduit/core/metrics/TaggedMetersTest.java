package dev.conduit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TaggedMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void registersOneCounterPerTagValueAndReusesIt() {
    TaggedMeters<Counter> attempts = TaggedMeters.counters(registry, "conduit.test.attempts", "Attempts", "outcome");

    attempts.get("ok").increment();
    attempts.get("ok").increment();
    attempts.get("failed").increment();

    assertThat(attempts.get("ok")).isSameAs(attempts.get("ok"));
    assertThat(registry.get("conduit.test.attempts").tag("outcome", "ok").counter().count()).isEqualTo(2);
    assertThat(registry.get("conduit.test.attempts").tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get("conduit.test.attempts").counters()).hasSize(2);
    assertThat(registry.get("conduit.test.attempts").counter().getId().getDescription()).isEqualTo("Attempts");
  }

  @Test
  void twoTagsAreKeptApartByBothValues() {
    TaggedMeters<Counter> vends = TaggedMeters.counters(registry, "conduit.test.vends", "Vends", "connector",
        "outcome");

    vends.get("github", "ok").increment();
    vends.get("github", "not_found").increment();
    vends.get("slack", "ok").increment();
    vends.get("slack", "ok").increment();

    assertThat(registry.get("conduit.test.vends").tags("connector", "github", "outcome", "ok").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("conduit.test.vends").tags("connector", "slack", "outcome", "ok").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("conduit.test.vends").counters()).hasSize(3);
  }

  @Test
  void askingWithTheWrongNumberOfTagValuesIsAMistake() {
    TaggedMeters<Counter> vends = TaggedMeters.counters(registry, "conduit.test.other", "Other", "connector",
        "outcome");

    assertThatThrownBy(() -> vends.get("github")).isInstanceOf(IllegalArgumentException.class);
  }
}
