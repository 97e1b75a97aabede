package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events}: the owner's outbox events, oldest first after a cursor, with a long poll. */
class EventsApiTest extends OneServerPerClass {
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @Test
  void pagesFollowTheCursorOldestFirstAndLinksNextIsAlwaysThere() {
    List<String> written = EventWriter.write("alice", 5, 1);

    List<String> seen = new ArrayList<>();
    String link = "/api/events?page[size]=2";
    JsonObject page;
    do {
      TestConduit.Response response = conduit.call("GET", link, alice, null);
      assertThat(response.status()).isEqualTo(200);
      page = response.json();
      page.getJsonArray("data").forEach(event -> seen.add(((JsonObject) event).getString("id")));
      assertThat(page.getJsonObject("links").getString("next")).isNotNull();
      link = page.getJsonObject("links").getString("next");
    } while (!page.getJsonArray("data").isEmpty());

    assertThat(seen).containsExactlyElementsOf(written);
    // the last (empty) page points at itself: asking again later gets what came since
    assertThat(link).isEqualTo("/api/events?page%5Bsize%5D=2&page%5Bafter%5D=" + written.get(4));
    String later = EventWriter.writeOne("alice");
    assertThat(ids(conduit.call("GET", link, alice, null).json())).containsExactly(later);
  }

  @Test
  void anEventIsTheWebhookBodyOfWhatHappened() {
    String connection = conduit.createConnection(alice, "github");
    conduit.deposit(alice, connection, "{\"kind\":\"oauth2\",\"accessToken\":\"gho_x\",\"expiresIn\":3600}");

    JsonObject event = conduit.call("GET", "/api/events", alice, null).json().getJsonArray("data").getJsonObject(0);

    assertThat(event.getString("type")).isEqualTo("events");
    assertThat(event.getString("id")).startsWith("evt_");
    JsonObject stored = new JsonObject(Sql.rows("SELECT payload FROM webhook_events WHERE id = '"
        + event.getString("id") + "'").get(0));
    assertThat(event.getJsonObject("attributes")).isEqualTo(stored);
    assertThat(stored.getString("type")).isEqualTo("connection.connected");
    assertThat(stored.getJsonObject("data").getString("connectionId")).isEqualTo(connection);
    assertThat(event.encode()).doesNotContain("gho_x");
  }

  @Test
  void anOwnerSeesOnlyItsOwnEventsAndCannotResumeFromAnothers() {
    String alices = EventWriter.writeOne("alice");
    String bobs = EventWriter.writeOne("bob");

    assertThat(ids(conduit.call("GET", "/api/events", alice, null).json())).containsExactly(alices);
    assertThat(ids(conduit.call("GET", "/api/events", bob, null).json())).containsExactly(bobs);
    // bob's event id is no cursor of alice's: answered as if it had expired, nothing of bob's shows
    TestConduit.Response foreign = conduit.call("GET", "/api/events?page[after]=" + bobs, alice, null);
    assertThat(foreign.status()).isEqualTo(410);
    assertThat(foreign.error().getString("code")).isEqualTo("cursor_expired");
    assertThat(foreign.body()).doesNotContain("bob");
    try (EventStreamClient stream = EventStreamClient.open(conduit, alice, bobs)) {
      assertThat(stream.status).isEqualTo(410);
      assertThat(stream.error().getString("code")).isEqualTo("cursor_expired");
    }
  }

  @Test
  void badParametersAreRefusedNamingThem() {
    EventWriter.writeOne("alice");
    for (String query : List.of("wait=PT61S", "wait=soon", "wait=-PT1S")) {
      TestConduit.Response response = conduit.call("GET", "/api/events?" + query, alice, null);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.error().getString("code")).isEqualTo("validation_failed");
      assertThat(response.error().getJsonObject("source").getString("parameter")).isEqualTo("wait");
    }
    for (String query : List.of("page[size]=0", "page[size]=201", "page[after]=evt%20x", "page[cursor]=abc")) {
      TestConduit.Response response = conduit.call("GET", "/api/events?" + query, alice, null);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.error().getString("code")).isEqualTo("validation_failed");
    }
    assertThat(conduit.call("GET", "/api/events", null, null).status()).isEqualTo(401);
    assertThat(conduit.call("GET", "/api/events/stream", null, null).status()).isEqualTo(401);
  }

  @Test
  void aWaitingLongPollIsAnsweredWithTheEventThatArrives() throws Exception {
    String cursor = EventWriter.writeOne("alice");
    HttpClient client = HttpClient.newHttpClient();
    List<Long> latencies = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      CompletableFuture<HttpResponse<String>> poll = client.sendAsync(HttpRequest.newBuilder(
              conduit.uri("/api/events?wait=PT30S&page[after]=" + cursor))
          .header("Authorization", "Bearer " + alice).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      String event = EventWriter.writeOne("alice");
      long committed = System.nanoTime();
      HttpResponse<String> answer = poll.get();
      latencies.add((System.nanoTime() - committed) / 1_000_000);

      // with nothing there when it asked, the poll was held; it came back with the event, not at the wait's end
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonObject page = new JsonObject(answer.body());
      assertThat(ids(page)).containsExactly(event);
      assertThat(page.getJsonObject("links").getString("next")).endsWith("page%5Bafter%5D=" + event);
      cursor = event;
    }
    System.out.println("long poll, event commit -> answer (ms): " + latencies.stream().sorted().toList());
  }

  @Test
  void aLongPollWithNothingToWaitForIsAnsweredEmptyWithTheSameCursor() {
    String cursor = EventWriter.writeOne("alice");
    TestConduit.Response response = conduit.call("GET", "/api/events?wait=PT1S&page[after]=" + cursor, alice, null);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonArray("data")).isEmpty();
    assertThat(response.json().getJsonObject("links").getString("next"))
        .isEqualTo("/api/events?wait=PT1S&page%5Bafter%5D=" + cursor);
  }

  @Test
  void longPollsOfManyOwnersEachGetTheirOwn() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 5)
        .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(conduit.uri("/api/events?wait=PT20S"))
                .header("Authorization", "Bearer " + TestConduit.token("owner-" + i)).build(),
            HttpResponse.BodyHandlers.ofString()))
        .toList();
    Map<Integer, String> written = new java.util.HashMap<>();
    for (int i = 4; i >= 0; i--) {
      written.put(i, EventWriter.writeOne("owner-" + i));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(ids(new JsonObject(polls.get(i).get().body()))).containsExactly(written.get(i));
    }
  }

  private static List<String> ids(JsonObject page) {
    JsonArray data = page.getJsonArray("data");
    return data.stream().map(event -> ((JsonObject) event).getString("id")).toList();
  }
}
