package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events/stream}: Server-Sent Events with resume, heartbeats, a per-owner cap, slow readers. */
class EventStreamTest {

  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of("CONDUIT_EVENTS_HEARTBEAT_INTERVAL", "PT1S"));
  }

  @AfterAll
  static void stop() {
    conduit.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  @Test
  void aResumedStreamMissesAndRepeatsNothingAcrossAThousandEventsWrittenConcurrently() throws Exception {
    List<String> written = new ArrayList<>();
    EventStreamClient first = EventStreamClient.open(conduit, alice, null);
    assertThat(first.status).isEqualTo(200);
    assertThat(first.contentType).startsWith("text/event-stream");
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      // four writers, transactions of one to five events, committing in whatever order they finish
      List<Future<List<String>>> batches = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        int perTransaction = new int[] {1, 2, 3, 5}[writer];
        batches.add(writers.submit(() -> EventWriter.write("alice", 250, perTransaction)));
      }
      Wait.patiently().until(() -> first.messages.size() >= 300);
      first.close();
      Wait.patiently().until(first::ended);
      List<String> received = new ArrayList<>(first.ids());

      try (EventStreamClient resumed = EventStreamClient.open(conduit, alice, received.get(received.size() - 1))) {
        assertThat(resumed.status).isEqualTo(200);
        for (Future<List<String>> batch : batches) {
          written.addAll(batch.get());
        }
        Wait.patiently().until(() -> received.size() + resumed.messages.size() >= 1_000);
        received.addAll(resumed.ids());
      }

      assertThat(received).hasSize(1_000).doesNotHaveDuplicates();
      assertThat(new HashSet<>(received)).isEqualTo(new HashSet<>(written));
      // the same order a listing gives
      assertThat(received).containsExactlyElementsOf(listAll(alice));
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void eachMessageIsTheEventResourceNamedByItsIdAndType() {
    String written = EventWriter.writeOne("alice");
    try (EventStreamClient stream = EventStreamClient.open(conduit, alice, null)) {
      Wait.patiently().until(() -> stream.messages.size() == 1);
      EventStreamClient.Message message = stream.messages.get(0);
      JsonObject listed = conduit.call("GET", "/api/events", alice, null).json().getJsonArray("data").getJsonObject(0);
      assertThat(message.id()).isEqualTo(written);
      assertThat(message.event()).isEqualTo("webhook.test");
      assertThat(message.data()).isEqualTo(listed);
    }
  }

  @Test
  void anIdleStreamGetsHeartbeatComments() {
    try (EventStreamClient stream = EventStreamClient.open(conduit, alice, null)) {
      assertThat(stream.status).isEqualTo(200);
      Wait.patiently().until(() -> stream.comments.size() >= 2);
      assertThat(stream.comments).allMatch(line -> line.equals(": keep-alive"));
      assertThat(stream.messages).isEmpty();
    }
  }

  @Test
  void anOwnerMayHoldTenStreamsAndTheEleventhIsRefused() {
    List<EventStreamClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        EventStreamClient stream = EventStreamClient.open(conduit, alice, null);
        assertThat(stream.status).isEqualTo(200);
        open.add(stream);
      }
      EventStreamClient eleventh = EventStreamClient.open(conduit, alice, null);
      assertThat(eleventh.status).isEqualTo(429);
      assertThat(eleventh.error().getString("code")).isEqualTo("too_many_streams");
      try (EventStreamClient bobs = EventStreamClient.open(conduit, bob, null)) {
        assertThat(bobs.status).isEqualTo(200);
      }

      open.remove(0).close();
      // the dropped connection frees its place once the server notices it closed
      Wait.patiently().until(() -> {
        EventStreamClient again = EventStreamClient.open(conduit, alice, null);
        if (again.status == 200) {
          open.add(again);
        }
        return again.status == 200;
      });
    } finally {
      open.forEach(EventStreamClient::close);
    }
  }

  @Test
  void anExpiredCursorIsRefusedWithGone() {
    try (TestConduit purging = TestConduit.start(Map.of("CONDUIT_WEBHOOKS_RETENTION", "PT1S",
        "CONDUIT_WEBHOOKS_POLL_INTERVAL", "PT0.2S"))) {
      String old = EventWriter.writeOne("alice");
      Wait.patiently().until(() -> Sql.count("SELECT count(*) FROM webhook_events") == 0);

      try (EventStreamClient stream = EventStreamClient.open(purging, alice, old)) {
        assertThat(stream.status).isEqualTo(410);
        assertThat(stream.error().getString("code")).isEqualTo("cursor_expired");
      }
      TestConduit.Response listed = purging.call("GET", "/api/events?page[after]=" + old, alice, null);
      assertThat(listed.status()).isEqualTo(410);
      assertThat(listed.error().getString("code")).isEqualTo("cursor_expired");
      assertThat(purging.call("GET", "/api/events", alice, null).status()).isEqualTo(200);
    }
  }

  @Test
  void anEventWrittenThroughAnotherReplicaReachesTheStream() {
    try (TestConduit other = TestConduit.start();
        EventStreamClient stream = EventStreamClient.open(conduit, alice, null)) {
      assertThat(stream.status).isEqualTo(200);
      String connection = other.createConnection(alice, "github");
      other.deposit(alice, connection, "{\"kind\":\"oauth2\",\"accessToken\":\"gho_y\",\"expiresIn\":3600}");

      Wait.patiently().until(() -> stream.messages.size() == 1);
      EventStreamClient.Message message = stream.messages.get(0);
      assertThat(message.event()).isEqualTo("connection.connected");
      assertThat(message.data().getJsonObject("attributes").getJsonObject("data").getString("connectionId"))
          .isEqualTo(connection);
    }
  }

  @Test
  void aReaderThatStopsReadingIsDisconnectedRatherThanBufferedFor() throws IOException {
    int total = 30_000;
    try (TestConduit capped = TestConduit.start(Map.of("CONDUIT_EVENTS_HEARTBEAT_INTERVAL", "PT1S",
            "CONDUIT_EVENTS_MAX_STREAMS_PER_OWNER", "1"));
        Socket silent = new Socket()) {
      // a small receive window, so the server's side fills up soon
      silent.setReceiveBufferSize(4096);
      silent.connect(new InetSocketAddress("127.0.0.1", capped.port), 5_000);
      OutputStream request = silent.getOutputStream();
      request.write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      request.flush();
      // the response head only (it comes once the stream is open), never a byte of the body
      silent.setSoTimeout(60_000);
      InputStream received = silent.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int next = received.read();
        assertThat(next).as("the response head, before the connection ends").isNotNegative();
        head.append((char) next);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 200");
      try (EventStreamClient probe = EventStreamClient.open(capped, alice, null)) {
        assertThat(probe.status).isEqualTo(429);
      }

      EventWriter.writeMany("alice", total);

      // never read: the server gives up on it, and alice may stream again
      Wait.patiently().until(() -> {
        try (EventStreamClient next = EventStreamClient.open(capped, alice, null)) {
          return next.status == 200;
        }
      });
      String text = new String(received.readAllBytes(), StandardCharsets.UTF_8);
      long events = text.lines().filter(line -> line.startsWith("id: ")).count();
      // what had been sent before it was cut off, then the end of the connection: not all of them
      assertThat(events).isLessThan(total);
    }
  }

  @Test
  void stoppingTheServerEndsItsStreams() {
    TestConduit stopping = TestConduit.start();
    try (EventStreamClient stream = EventStreamClient.open(stopping, alice, null)) {
      assertThat(stream.status).isEqualTo(200);
      stopping.close();
      // ended as a response ends (the last chunk), not cut off with the connection
      Wait.patiently().until(stream::ended);
      assertThat(stream.endedCleanly()).isTrue();
    }
  }

  private List<String> listAll(String token) {
    List<String> ids = new ArrayList<>();
    String link = "/api/events?page[size]=200";
    while (true) {
      JsonObject page = conduit.call("GET", link, token, null).json();
      if (page.getJsonArray("data").isEmpty()) {
        return ids;
      }
      page.getJsonArray("data").forEach(event -> ids.add(((JsonObject) event).getString("id")));
      link = page.getJsonObject("links").getString("next");
    }
  }
}
