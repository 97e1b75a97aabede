package dev.conduit.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;

/**
 * Object mappers for files people edit by hand: unknown fields, duplicate keys, fractions where integers
 * belong and nulls for required primitives are errors, never silently dropped or rounded. Scalars written
 * as strings ({@code "8080"}) are still read as numbers or booleans, because environment overrides are
 * always strings. Durations are ISO-8601 or short ({@code 5m}), see {@link dev.conduit.core.config.Durations}.
 */
public final class StrictYaml {

  private StrictYaml() {
  }

  public static ObjectMapper yaml() {
    return Yaml.MAPPER;
  }

  public static ObjectMapper json() {
    return Json.MAPPER;
  }

  // one holder each, so a command that reads only YAML (conduit token) does not build the JSON mapper too
  private static final class Yaml {
    static final ObjectMapper MAPPER = configure(YAMLMapper.builder(new YAMLFactory()));
  }

  private static final class Json {
    static final ObjectMapper MAPPER = configure(JsonMapper.builder());
  }

  private static ObjectMapper configure(com.fasterxml.jackson.databind.cfg.MapperBuilder<?, ?> builder) {
    return builder
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .addModule(new JavaTimeModule())
        // after JavaTimeModule, so that it wins for Duration: 5m as well as PT5M
        .addModule(new SimpleModule("conduit-durations").addDeserializer(Duration.class, new DurationDeserializer()))
        .build();
  }
}
