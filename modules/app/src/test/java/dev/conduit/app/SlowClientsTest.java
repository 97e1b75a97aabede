package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that send slowly or not at all cannot hold connections open, and no more than http.max-connections are
 * open at once. Raw sockets, since an HTTP client library would not send half a request. Timeouts of a second or
 * two; "closed" means within {@link Wait#PATIENCE}, far longer than configured but far shorter than forever.
 */
class SlowClientsTest {

  /** Each poll of a trickling client sends a byte, then listens this long for the server's close. */
  private static final int LISTEN_MILLIS = 200;
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

  private static TestConduit conduit;

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of(
        "CONDUIT_HTTP_IDLE_TIMEOUT", "PT2S",
        "CONDUIT_HTTP_HEADER_TIMEOUT", "PT1S",
        "CONDUIT_HTTP_BODY_TIMEOUT", "PT2S",
        // an event stream's heartbeat must come within the idle timeout
        "CONDUIT_EVENTS_HEARTBEAT_INTERVAL", "PT1S"));
  }

  @AfterAll
  static void stop() {
    conduit.close();
  }

  @Test
  void aConnectionTricklingItsHeadersIsClosed() throws IOException {
    try (Socket socket = connect(conduit)) {
      write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");

      // a byte every 200 ms: never idle, never done
      Wait.patiently().until(() -> trickleThenClosed(socket));
    }
  }

  @Test
  void aConnectionThatNeverSpeaksIsClosed() throws IOException {
    try (Socket socket = connect(conduit)) {
      Wait.patiently().until(() -> closedWhileListening(socket));
    }
  }

  @Test
  void aConnectionTricklingItsBodyIsClosed() throws IOException {
    try (LogCapture log = new LogCapture(); Socket socket = connect(conduit)) {
      write(socket, "POST /api/connections HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/vnd.api+json\r\nContent-Length: 10000\r\n\r\n{\"data\": ");

      Wait.patiently().until(() -> trickleThenClosed(socket));
      // cutting off a slow client is routine, not a server error with a stack trace; the request's failure follows
      // the close on the server's event loop a moment later, so the log is watched for a while
      Wait.patiently().during(Duration.ofSeconds(2))
          .until(() -> !log.text().contains("ERROR") && !log.text().contains("HttpClosedException"));
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosed() throws IOException {
    try (Socket socket = connect(conduit)) {
      write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");

      Wait.patiently().until(() -> closedWhileListening(socket));
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestsThatComeInTime() throws IOException {
    try (Socket socket = connect(conduit)) {
      for (int i = 0; i < 3; i++) {
        write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void aLargeButAllowedBodyIsReadAndAnswered() {
    String padding = " ".repeat(60 * 1024);
    TestConduit.Response response = conduit.call("POST", "/api/connections", TestConduit.token("alice"),
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"myspace\"}}" + padding + "}");

    // read to its end and judged on its content: the connector does not exist
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.error().getString("code")).isEqualTo("unknown_connector");
  }

  @Test
  void connectionsBeyondTheCapAreClosedWhileEarlierOnesWork() throws IOException {
    try (TestConduit capped = TestConduit.start(Map.of("CONDUIT_HTTP_MAX_CONNECTIONS", "2"))) {
      List<Socket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          Socket socket = connect(capped);
          open.add(socket);
          write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
          assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
        }

        try (Socket silent = connect(capped)) {
          Wait.patiently().until(() -> closedWhileListening(silent));
        }
        try (Socket asking = connect(capped)) {
          write(asking, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
          assertThat(readUntilClosed(asking)).isEmpty();
        }

        for (Socket socket : open) {
          write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
          assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
        }
        open.remove(0).close();
        // the closed one's place is free again once the server has seen it go
        Wait.patiently().until(() -> answersOnANewConnection(capped));
      } finally {
        for (Socket socket : open) {
          socket.close();
        }
      }
    }
  }

  private static Socket connect(TestConduit target) throws IOException {
    Socket socket = new Socket("127.0.0.1", target.port);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Sends one more byte, then listens briefly: true once the server has closed the connection. */
  private static boolean trickleThenClosed(Socket socket) {
    try {
      write(socket, "a");
    } catch (IOException closed) {
      return true;
    }
    return closedWhileListening(socket);
  }

  /** True if the server closes the connection (end of stream or reset) while we listen; anything read is dropped. */
  private static boolean closedWhileListening(Socket socket) {
    try {
      socket.setSoTimeout(LISTEN_MILLIS);
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static boolean answersOnANewConnection(TestConduit target) {
    try (Socket socket = connect(target)) {
      write(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      return readResponse(socket).startsWith("HTTP/1.1 200");
    } catch (IOException | UncheckedIOException refused) {
      return false;
    }
  }

  /** Everything the server sends until it closes the connection (a reset counts as closed). */
  private static String readUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      socket.getInputStream().transferTo(received);
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("still open after 30 s, having sent: " + received);
    } catch (IOException reset) {
      // closed hard: what came before is still the answer
    }
    return received.toString(StandardCharsets.US_ASCII);
  }

  /** Reads one response (head, and a body of its Content-Length) without closing the connection. */
  private static String readResponse(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        throw new UncheckedIOException(new IOException("closed after " + head.size() + " bytes of a response head"));
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    Matcher length = CONTENT_LENGTH.matcher(text);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
    }
    return text;
  }
}
