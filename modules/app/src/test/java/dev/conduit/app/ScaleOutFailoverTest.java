package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three Conduit processes (each a JVM of its own) on loopback ports against one PostgreSQL, as replicas behind a
 * Service run, and what happens to the cluster when one of them changes something, dies or is stopped: a revoke
 * through one is seen by vend on the others; one killed (SIGKILL) mid-sweep loses no credential and its claims are
 * taken over once they run out; one stopped (SIGTERM) under load drops no request. The three processes are shared
 * by the scenarios, since a JVM of its own starts slowly; a scenario that ends one has a new one started in its
 * place before the next. The order only saves a restart: the revoke needs no replica to end.
 * <p>
 * The figures measured are logged as lines starting {@code figure:}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutFailoverTest {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutFailoverTest.class);
  private static final Duration START_PATIENCE = Duration.ofSeconds(180);
  private static final Pattern REPLICA_NAME = Pattern.compile("replica=\"([^\"]+)\"");
  /**
   * A refresh call may take this long: far above the slow provider's delays below, even on a loaded machine, so
   * no call times out (a timed-out call is deferred and its claim given back, which is not what is tested here).
   */
  private static final String REFRESH_TIMEOUT = "PT10S";
  /** Longer than the timeout plus the throttle wait, as the configuration rules require; the take-over waits it out. */
  private static final String REFRESH_LEASE = "PT13S";
  /** How long the slow provider takes over a refresh: long enough to kill a replica while its calls wait. */
  private static final long SLOW_REFRESH_MILLIS = 1500;
  /** How long a vend's refresh waits at the provider in the SIGTERM scenario: past the drain, so past the close. */
  private static final long HELD_REFRESH_MILLIS = 4000;
  private static final String DRAIN_DELAY = "PT2S";

  @TempDir
  static Path connectors;
  @TempDir
  static Path logs;
  private final Replicas replicas = new Replicas();
  private final Node[] nodes = new Node[3];
  private final AtomicInteger launched = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String alice = TestConduit.token("alice");
  private FakeProvider provider;

  /** One replica: its process, its HTTP port, and the name it claims credentials under ({@code lease_owner}). */
  private record Node(ConduitProcess process, int port, String name) {
  }

  @BeforeAll
  void startCluster() {
    provider = new FakeProvider();
    List<Map.Entry<ConduitProcess, Integer>> starting = new ArrayList<>();
    // all three start at once, then each is waited for
    for (int i = 0; i < nodes.length; i++) {
      starting.add(launch(i));
    }
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = ready(i, starting.get(i).getKey(), starting.get(i).getValue());
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    replicas.close();
    provider.close();
  }

  @BeforeEach
  void cleanAndCompleteTheCluster() {
    TestDatabase.truncateAll();
    provider.reset();
    for (int i = 0; i < nodes.length; i++) {
      if (!nodes[i].process().alive()) {
        Map.Entry<ConduitProcess, Integer> starting = launch(i);
        nodes[i] = ready(i, starting.getKey(), starting.getValue());
      }
    }
  }

  /** Starts replica {@code index + 1} (sweeping every half second) on a free port; returns the process and port. */
  private Map.Entry<ConduitProcess, Integer> launch(int index) {
    int port = TestConduit.freePort();
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, "PT0.5S");
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    // small claims, so that every replica's sweep holds some of the due credentials
    environment.put("CONDUIT_REFRESH_BATCH_SIZE", "5");
    environment.put("CONDUIT_REFRESH_TIMEOUT", REFRESH_TIMEOUT);
    environment.put("CONDUIT_REFRESH_LEASE", REFRESH_LEASE);
    environment.put("CONDUIT_SERVER_DRAIN_DELAY", DRAIN_DELAY);
    ConduitProcess process = replicas.startProcess(environment,
        logs.resolve("replica-" + (index + 1) + "-" + launched.incrementAndGet() + ".log"));
    return Map.entry(process, port);
  }

  private Node ready(int index, ConduitProcess process, int port) {
    try {
      Wait.patiently().atMost(START_PATIENCE).ignoreExceptions()
          .until(() -> call(port, "GET", "/health/ready", null).statusCode() == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("replica " + (index + 1) + " did not become ready; it printed:\n" + process.output(), e);
    }
    Matcher name = REPLICA_NAME.matcher(process.output());
    assertThat(name.find()).as(process::output).isTrue();
    return new Node(process, port, name.group(1));
  }

  private HttpRequest request(int port, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        // generous: a vend that waits for a slow provider takes seconds on a loaded machine
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + alice);
    if (body != null) {
      request.header("Content-Type", "application/vnd.api+json");
    }
    return request.build();
  }

  /** A request as alice; {@code body} (JSON:API) may be null. Fails on any I/O error. */
  private HttpResponse<String> call(int port, String method, String path, String body) {
    try {
      return send(port, method, path, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(int port, String method, String path, String body) throws IOException {
    try {
      return http.send(request(port, method, path, body), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> vend(int port, String id) {
    return call(port, "POST", "/api/connections/" + id + "/vend", null);
  }

  private static String accessToken(HttpResponse<String> vend) {
    return new JsonObject(vend.body()).getJsonObject("data").getJsonObject("attributes")
        .getString("accessToken");
  }

  /** An acme connection made through {@code port} holding a credential with {@code attributes} (a JSON object). */
  private String connection(int port, String attributes) {
    HttpResponse<String> created = call(port, "POST", "/api/connections",
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"acme\"}}}");
    assertThat(created.statusCode()).as(created::body).isEqualTo(201);
    String id = new JsonObject(created.body()).getJsonObject("data").getString("id");
    HttpResponse<String> deposited = call(port, "PUT", "/api/connections/" + id + "/credential",
        "{\"data\":{\"type\":\"credentials\",\"attributes\":" + attributes + "}}");
    assertThat(deposited.statusCode()).as(deposited::body).isEqualTo(200);
    return id;
  }

  /**
   * Twenty rounds: replicas 2 and 3 vend a connection (so each holds it in its cache), replica 1 revokes it, and
   * replicas 2 and 3 are asked until each answers 410. How long after the revoke's answer the second of them did is
   * logged (the issue promises "within 1 s"); only that it happens at all, within a generous bound, is asserted.
   */
  @Test
  @Order(1)
  void aRevokeThroughReplicaOneMakesVendOnTheOtherTwoAnswer410() {
    int rounds = 20;
    List<Double> millis = new ArrayList<>();
    int staleVends = 0;
    for (int round = 0; round < rounds; round++) {
      String token = "token-" + round;
      String id = connection(nodes[0].port(), "{\"kind\":\"oauth2\",\"accessToken\":\"" + token
          + "\",\"expiresIn\":3600}");
      for (Node other : List.of(nodes[1], nodes[2])) {
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> vended = vend(other.port(), id);
          assertThat(vended.statusCode()).as(vended::body).isEqualTo(200);
        }
      }

      assertThat(call(nodes[0].port(), "POST", "/api/connections/" + id + "/revoke", null).statusCode())
          .isEqualTo(200);
      long revoked = System.nanoTime();
      Map<Integer, Double> goneAfterMillis = new ConcurrentHashMap<>();
      List<HttpResponse<String>> stale = Collections.synchronizedList(new ArrayList<>());
      Wait.patiently().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
        for (Node other : List.of(nodes[1], nodes[2])) {
          if (!goneAfterMillis.containsKey(other.port())) {
            HttpResponse<String> vended = vend(other.port(), id);
            if (vended.statusCode() == 410) {
              goneAfterMillis.put(other.port(), (System.nanoTime() - revoked) / 1e6);
            } else {
              stale.add(vended);
            }
          }
        }
        return goneAfterMillis.size() == 2;
      });
      assertThat(stale).as("before the 410, a vend may only still give the token").allSatisfy(vended -> {
        assertThat(vended.statusCode()).isEqualTo(200);
        assertThat(accessToken(vended)).isEqualTo(token);
      });
      staleVends += stale.size();
      millis.add(Collections.max(goneAfterMillis.values()));
    }
    List<Double> sorted = millis.stream().sorted().toList();
    double median = (sorted.get(rounds / 2 - 1) + sorted.get(rounds / 2)) / 2;
    LOG.info("figure: revoke on replica 1 -> vend answers 410 on replicas 2 and 3, measured from the revoke's 200 to"
            + " the later replica's first 410 (its vend's round trip included), over {} rounds: max {} ms, median {}"
            + " ms; vends that still got the token after the revoke's 200: {}", rounds, round(sorted.get(rounds - 1)),
        round(median), staleVends);
  }

  private static String round(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  /**
   * 45 credentials fall due at once; the provider takes {@value #SLOW_REFRESH_MILLIS} ms over each refresh. Replica 3
   * is killed (SIGKILL: no shutdown, no last write) while its refresh calls wait at the provider. Its claims stay
   * in place until their leases run out; replicas 1 and 2 then take them over. In the end every credential has been
   * refreshed, none is claimed, none is in doubt or needs re-authorization, and the provider saw a refresh token
   * twice only where the dead replica's call with it was in flight.
   */
  @Test
  @Order(2)
  void aReplicaKilledMidSweepLosesNothingAndTheOthersTakeOverItsClaims() {
    int count = 45;
    List<String> ids = IntStream.range(0, count).mapToObj(i -> connection(nodes[i % 3].port(),
        "{\"kind\":\"oauth2\",\"accessToken\":\"old-" + i + "\",\"refreshToken\":\"rt-old-" + i
            + "\",\"expiresIn\":3600}")).toList();
    AtomicInteger issued = new AtomicInteger();
    provider.script(call -> {
      int n = issued.incrementAndGet();
      return FakeProvider.Answer.tokens("at-" + n, "rt-" + n, 3600).delayed(SLOW_REFRESH_MILLIS);
    });
    Node doomed = nodes[2];

    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now()");
    // killed once a call it marked as sent has reached the provider (marked, a call may still be on its way)
    Wait.patiently().atMost(Duration.ofSeconds(60)).until(() -> !atProvider(ids,
        leases("lease_owner = '" + doomed.name() + "' AND refresh_sent_version IS NOT NULL").keySet()).isEmpty());
    doomed.process().kill();

    Map<String, Instant> abandoned = leases("lease_owner = '" + doomed.name() + "'");
    Set<String> marked = leases("lease_owner = '" + doomed.name() + "' AND refresh_sent_version IS NOT NULL").keySet();
    // no survivor calls with a token the dead replica holds the claim of: these calls were the dead replica's
    Set<String> inFlight = atProvider(ids, marked);
    assertThat(inFlight).as("the dead replica's calls at the provider, their claims still in place").isNotEmpty();

    Wait.patiently().atMost(Duration.ofSeconds(120)).until(() -> Sql.count("SELECT count(*) FROM credentials"
        + " WHERE last_refreshed_at IS NOT NULL AND lease_owner IS NULL AND lease_until IS NULL") == count);

    // a refresh_sent_version that no longer names the secret_version is spent: the refresh moved the version on
    assertThat(Sql.rows("SELECT concat_ws(' ', c.status, coalesce(c.status_reason, '-'), cr.refresh_token IS NOT NULL,"
        + " cr.refresh_in_doubt, coalesce(cr.refresh_sent_version = cr.secret_version, false))"
        + " FROM connections c JOIN credentials cr ON cr.connection_id = c.id"))
        .as("status, reason, has a refresh token, in doubt, a call marked in flight").hasSize(count)
        .containsOnly("active - t f f");
    Map<String, List<FakeProvider.Call>> callsByToken = provider.tokenCalls().stream()
        .collect(Collectors.groupingBy(call -> call.form().get("refresh_token")));
    assertThat(callsByToken).as("each credential refreshed with its own refresh token")
        .containsOnlyKeys(IntStream.range(0, count).mapToObj(i -> "rt-old-" + i).toList());
    Set<String> sentTwice = new TreeSet<>();
    callsByToken.forEach((token, calls) -> {
      String id = ids.get(Integer.parseInt(token.substring("rt-old-".length())));
      if (calls.size() > 1) {
        sentTwice.add(id);
        assertThat(calls).as("sent again only after the dead replica's call: once by it, once by a survivor")
            .hasSize(2);
      }
      if (abandoned.containsKey(id)) {
        assertThat(calls.get(calls.size() - 1).at()).as("a dead replica's claim is honoured until it runs out")
            .isAfter(abandoned.get(id));
      }
    });
    assertThat(inFlight).as("a call in flight at the kill was made again").isSubsetOf(sentTwice);
    assertThat(sentTwice).as("only a call in flight at the kill was made again").isSubsetOf(inFlight);
    for (int i = 0; i < count; i++) {
      HttpResponse<String> vended = vend(nodes[i % 2].port(), ids.get(i));
      assertThat(vended.statusCode()).as(vended::body).isEqualTo(200);
      assertThat(accessToken(vended)).startsWith("at-");
    }
    LOG.info("figure: SIGKILL mid-sweep: {} credentials due; the killed replica held {} claims, {} of them marked as"
        + " sent and {} of those with the call at the provider; the other two refreshed all {}, {} refresh tokens sent"
        + " a second time (exactly the calls at the provider), none lost, none left claimed", count, abandoned.size(),
        marked.size(), inFlight.size(), count, sentTwice.size());
  }

  /** Those of {@code candidates} (ids of connection {@code i}, refresh token {@code rt-old-i}) the provider has seen. */
  private Set<String> atProvider(List<String> ids, Set<String> candidates) {
    Set<String> seen = provider.tokenCalls().stream().map(call -> call.form().get("refresh_token"))
        .collect(Collectors.toSet());
    return candidates.stream().filter(id -> seen.contains("rt-old-" + ids.indexOf(id))).collect(Collectors.toSet());
  }

  /** Connection id → when its claim runs out, for the credentials matching {@code condition}. */
  private static Map<String, Instant> leases(String condition) {
    Map<String, Instant> leases = new HashMap<>();
    for (String row : Sql.rows("SELECT connection_id || ' ' || (extract(epoch FROM lease_until) * 1000000)::bigint"
        + " FROM credentials WHERE " + condition)) {
      String[] parts = row.split(" ");
      leases.put(parts[0], Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS));
    }
    return leases;
  }

  /** One answered request of the client load: which replica, when it was sent and answered, and the status. */
  private record Answered(int port, long sentNanos, long answeredNanos, int status) {
  }

  /**
   * The replicas a Kubernetes Service would send a new connection to: those whose readiness answered 200 when last
   * probed (every 100 ms, each with a client of its own), picked round-robin.
   */
  private static final class Rotation implements AutoCloseable {

    private final HttpClient prober = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Integer> ready = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final ScheduledExecutorService probing =
        Executors.newSingleThreadScheduledExecutor();

    Rotation(int[] ports) {
      IntStream.of(ports).forEach(ready::add);
      probing.scheduleWithFixedDelay(() -> IntStream.of(ports).forEach(this::probe), 0, 100, TimeUnit.MILLISECONDS);
    }

    private void probe(int port) {
      boolean up;
      try {
        up = prober.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        up = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!up) {
        ready.remove(Integer.valueOf(port));
      } else if (!ready.contains(port)) {
        ready.add(port);
      }
    }

    int next() {
      List<Integer> now = List.copyOf(ready);
      return now.get(Math.floorMod(turn.getAndIncrement(), now.size()));
    }

    @Override
    public void close() {
      probing.shutdownNow();
    }
  }

  /**
   * Six client threads vend as clients behind a Kubernetes Service do: each keeps its connection to one replica (the
   * Service routes a connection, not a request) until a response says {@code Connection: close} or a connection is
   * refused, and then connects again to a replica the Service still has in rotation (readiness 200); a refused
   * connection reached no server and the request is sent again, any other failure is a dropped request, and an HTTP
   * error is not retried. Two of them start on replica 3. Meanwhile three vends wait on replica 3 for a refresh the
   * provider holds for {@value #HELD_REFRESH_MILLIS} ms, longer than the drain, and replica 3 gets SIGTERM. Every
   * request that got an answer got 200, none was dropped, the held vends complete, and replica 3 exits 0.
   */
  @Test
  @Order(3)
  void aReplicaStoppedUnderLoadDropsNoRequest() throws Exception {
    List<String> ids = IntStream.range(0, 12).mapToObj(i -> connection(nodes[0].port(),
        "{\"kind\":\"oauth2\",\"accessToken\":\"load-" + i + "\",\"refreshToken\":\"rt-load-" + i
            + "\",\"expiresIn\":3600}")).toList();
    // vended with forceRefresh, so each vend waits for a refresh call of its own (no sweep makes it first)
    List<String> held = IntStream.range(0, 3).mapToObj(i -> connection(nodes[0].port(),
        "{\"kind\":\"oauth2\",\"accessToken\":\"held-" + i + "\",\"refreshToken\":\"rt-held-" + i
            + "\",\"expiresIn\":3600}")).toList();
    AtomicInteger issued = new AtomicInteger();
    provider.script(call -> {
      int n = issued.incrementAndGet();
      return FakeProvider.Answer.tokens("at-" + n, "rt-" + n, 3600).delayed(HELD_REFRESH_MILLIS);
    });
    Node doomed = nodes[2];
    int[] ports = {nodes[0].port(), nodes[1].port(), doomed.port()};

    AtomicBoolean stop = new AtomicBoolean();
    // read while the clients add to them: these iterate safely (what was added so far)
    Queue<Answered> answered = new ConcurrentLinkedQueue<>();
    Queue<String> dropped = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger toldToClose = new AtomicInteger();
    int threads = 6;
    ExecutorService load = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    try (Rotation service = new Rotation(ports)) {
      for (int t = 0; t < threads; t++) {
        int client = t;
        clients.add(CompletableFuture.runAsync(() -> {
          int port = ports[client % ports.length];
          for (int k = 0; !stop.get(); k++) {
            String path = "/api/connections/" + ids.get((client + k) % ids.size()) + "/vend";
            while (true) {
              long sent = System.nanoTime();
              try {
                HttpResponse<String> response = send(port, "POST", path, null);
                answered.add(new Answered(port, sent, System.nanoTime(), response.statusCode()));
                if (response.headers().firstValue("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
                  toldToClose.incrementAndGet();
                  port = service.next();
                }
                break;
              } catch (ConnectException notAccepted) {
                // the listener is closed: the request reached no server, and goes to a replica in rotation
                refused.incrementAndGet();
                port = service.next();
              } catch (IOException e) {
                dropped.add("port " + port + ": " + e);
                port = service.next();
                break;
              }
            }
          }
        }, load));
      }
      Function<Integer, Long> answeredBy = port -> answered.stream().filter(a -> a.port() == port).count();
      Wait.patiently().until(() -> IntStream.of(ports).allMatch(port -> answeredBy.apply(port) >= 20));

      List<CompletableFuture<HttpResponse<String>>> heldVends = held.stream().map(id -> http.sendAsync(
          request(doomed.port(), "POST", "/api/connections/" + id + "/vend?forceRefresh=true", null),
          HttpResponse.BodyHandlers.ofString())).toList();
      Wait.patiently().until(() -> provider.tokenCalls().size() == held.size());
      long terminated = System.nanoTime();
      doomed.process().terminate();

      int exit = doomed.process().awaitExit(Duration.ofSeconds(90));
      long exited = System.nanoTime();
      // the load goes on for a while on the two that are left
      long answeredAtExit = answered.size();
      Wait.patiently().until(() -> answered.size() >= answeredAtExit + 100);
      stop.set(true);
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      load.shutdown();

      assertThat(exit).as(doomed.process()::output).isEqualTo(GracefulShutdown.STOPPED);
      assertThat(dropped).as("requests with no answer").isEmpty();
      List<Answered> all = List.copyOf(answered);
      assertThat(all).extracting(Answered::status).containsOnly(200);
      for (CompletableFuture<HttpResponse<String>> vend : heldVends) {
        HttpResponse<String> vended = vend.get(60, TimeUnit.SECONDS);
        assertThat(vended.statusCode()).as(vended::body).isEqualTo(200);
        assertThat(accessToken(vended)).startsWith("at-");
      }
      assertThat(toldToClose.get()).as("the clients on replica 3 were moved off it during the drain").isPositive();
      long inFlightAtTerm = all.stream().filter(a -> a.port() == doomed.port() && a.sentNanos() < terminated
          && a.answeredNanos() > terminated).count();
      long servedWhileStopping = all.stream().filter(a -> a.port() == doomed.port() && a.sentNanos() >= terminated)
          .count();
      LOG.info("figure: SIGTERM under load: {} vends answered, all 200, none dropped; replica 3 answered {} sent after"
              + " its SIGTERM (the drain) and {} in flight at it, plus {} vends held at the provider past the"
              + " listener's close; {} answers said Connection: close, {} connection attempts were refused and sent"
              + " again; exit status {} after {} ms", all.size(), servedWhileStopping, inFlightAtTerm, held.size(),
          toldToClose.get(), refused.get(), exit, TimeUnit.NANOSECONDS.toMillis(exited - terminated));
    }
  }
}
