package dev.conduit.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionMetadataTest {

  private static final String JSON = "{\"shop\":\"acme-store\",\"region\":null,\"tier\":3,\"ratio\":0.5,"
      + "\"beta\":true,\"team\":{\"name\":\"ops\",\"ids\":[1,2,{\"deep\":\"x\"}]},\"tags\":[\"a\",[\"b\"]]}";

  @Test
  void rendersExactlyTheJsonItWasMadeFrom() {
    assertThat(ConnectionMetadata.of(new JsonObject(JSON)).toJson().encode()).isEqualTo(JSON);
  }

  @Test
  void changingTheSourceOrTheRenderedJsonChangesNothing() {
    JsonObject source = new JsonObject(JSON);
    ConnectionMetadata metadata = ConnectionMetadata.of(source);

    source.put("shop", "evil");
    source.getJsonObject("team").put("name", "evil");
    source.getJsonObject("team").getJsonArray("ids").add(99);
    JsonObject rendered = metadata.toJson();
    rendered.put("shop", "evil");
    rendered.getJsonObject("team").getJsonArray("ids").getJsonObject(2).put("deep", "evil");

    assertThat(metadata.toJson().encode()).isEqualTo(JSON);
  }

  @Test
  void cannotBeChangedThroughItsStrings() {
    ConnectionMetadata metadata = ConnectionMetadata.of(new JsonObject(JSON));

    assertThatThrownBy(() -> metadata.strings().put("shop", "evil")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rendersNestedValuesAsJsonObjectsAndArrays() {
    JsonObject rendered = ConnectionMetadata.of(new JsonObject(JSON)).toJson();

    assertThat(rendered.getJsonObject("team").getJsonArray("ids").getJsonObject(2).getString("deep")).isEqualTo("x");
    assertThat(rendered.getJsonArray("tags").getJsonArray(1).getString(0)).isEqualTo("b");
  }

  @Test
  void offersTheTopLevelStringsForUrlPlaceholders() {
    assertThat(ConnectionMetadata.of(new JsonObject(JSON)).strings()).isEqualTo(Map.of("shop", "acme-store"));
  }

  @Test
  void nothingIsEmpty() {
    assertThat(ConnectionMetadata.of(null)).isEqualTo(ConnectionMetadata.empty());
    assertThat(ConnectionMetadata.of(new JsonObject()).toJson().encode()).isEqualTo("{}");
    assertThat(new Connection(null, "alice", "github", null, null, ConnectionStatus.PENDING, null, null, null, null)
        .metadata().isEmpty()).isTrue();
  }

  @Test
  void equalMetadataIsEqual() {
    assertThat(ConnectionMetadata.of(new JsonObject(JSON))).isEqualTo(ConnectionMetadata.of(new JsonObject(JSON)))
        .isNotEqualTo(ConnectionMetadata.of(new JsonObject().put("shop", "other")));
    assertThat(ConnectionMetadata.of(new JsonObject(JSON)))
        .hasSameHashCodeAs(ConnectionMetadata.of(new JsonObject(JSON)));
  }
}
