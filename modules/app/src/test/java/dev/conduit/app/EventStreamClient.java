package dev.conduit.app;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain Server-Sent Events reader of {@code GET /api/events/stream} (java.net.http, no SSE library): collects the
 * messages and comment lines as they come, on a thread of its own. Closing it drops the connection.
 */
final class EventStreamClient implements AutoCloseable {

  /** One message: its {@code id:}, {@code event:} and {@code data:} (the resource object). */
  record Message(String id, String event, JsonObject data) {
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final int status;
  final String contentType;
  /** The error document when the stream was refused. */
  final String refusal;
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  private final InputStream body;
  private volatile boolean ended;
  private volatile boolean endedCleanly;

  private EventStreamClient(HttpResponse<InputStream> response) throws IOException {
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("Content-Type").orElse(null);
    this.body = response.body();
    if (status != 200) {
      refusal = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      ended = true;
      return;
    }
    refusal = null;
    Thread reader = new Thread(this::read, "event-stream-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens a stream as {@code token}'s owner, resuming after {@code lastEventId} unless it is null. */
  static EventStreamClient open(TestConduit conduit, String token, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri("/api/events/stream"))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new EventStreamClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  List<String> ids() {
    return messages.stream().map(Message::id).toList();
  }

  /** The server ended the stream (or the connection broke). */
  boolean ended() {
    return ended;
  }

  /** The server ended the stream as a response ends, rather than the connection breaking off. */
  boolean endedCleanly() {
    return endedCleanly;
  }

  JsonObject error() {
    return new JsonObject(refusal).getJsonArray("errors").getJsonObject(0);
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      String data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            messages.add(new Message(id, event, new JsonObject(data)));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        } else {
          throw new AssertionError("not a line of an event stream: " + line);
        }
      }
      endedCleanly = true;
    } catch (IOException e) {
      // dropped by close(), or by the server: ended either way
    } finally {
      ended = true;
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
