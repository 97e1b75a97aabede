package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

  private static final java.util.List<Integer> PORTS = java.util.List.of(443);
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static <T> T await(Future<T> future) throws Throwable {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  private static String refusal(UrlGuard guard, String url) {
    try {
      await(guard.check(url));
      return null;
    } catch (UrlGuard.Refused refused) {
      return refused.getMessage();
    } catch (Throwable other) {
      throw new AssertionError(other);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://169.254.169.254/latest/meta-data/",
      "https://169.254.10.1/",
      "https://[fe80::1]/",
      "https://[fd00:ec2::254]/",
      "https://[::ffff:169.254.169.254]/",
      "https://[64:ff9b::a9fe:a9fe]/",
      "https://[2002:a9fe:a9fe::1]/",
      "https://0.0.0.0/",
      "https://[::]/",
      "https://224.0.0.1/",
  })
  void metadataLinkLocalAndReservedTargetsAreRefusedEvenWhenPrivateTargetsAreAllowed(String url) {
    UrlGuard lenient = new UrlGuard(vertx, true, true, PORTS);
    assertThat(refusal(lenient, url)).contains("link-local, metadata, multicast or reserved");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://10.0.0.5/",
      "https://192.168.0.10/",
      "https://172.20.1.1/",
      "https://100.64.0.1/",
      "https://[::1]/",
      "https://[fd00::1]/",
  })
  void loopbackAndPrivateTargetsAreRefusedUnlessAllowed(String url) throws Throwable {
    UrlGuard strict = new UrlGuard(vertx, false, false, PORTS);
    assertThat(refusal(strict, url)).isEqualTo("the host resolves to a loopback or private-network address");
    assertThat(await(new UrlGuard(vertx, true, false, PORTS).check(url)).address()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://2852039166/",
      "https://127.1/",
      "https://0x7f.0.0.1/",
      "https://0177.0.0.1/",
      "https://017700000001/",
      "https://0xa9fea9fe/",
      "https://169.254.43518/",
  })
  void numericHostsInOtherSpellingsAreRefused(String url) {
    UrlGuard lenient = new UrlGuard(vertx, true, true, PORTS);
    assertThat(refusal(lenient, url)).isEqualTo("a numeric host must be written as four decimal parts (a.b.c.d)");
  }

  @Test
  void theSchemeMustBeHttpsUnlessInsecureIsAllowed() throws Throwable {
    assertThat(refusal(new UrlGuard(vertx, true, false, PORTS), "http://127.0.0.1:9/")).isEqualTo("the URL must use https");
    assertThat(refusal(new UrlGuard(vertx, true, true, PORTS), "ftp://127.0.0.1/")).isEqualTo("the URL must use https or http");
    assertThat(await(new UrlGuard(vertx, true, true, PORTS).check("http://127.0.0.1:9/x?y=1")).pathAndQuery())
        .isEqualTo("/x?y=1");
  }

  @Test
  void onlyAllowedPortsUnlessPrivateTargetsAreAllowed() throws Throwable {
    UrlGuard strict = new UrlGuard(vertx, false, false, java.util.List.of(443, 8443));
    assertThat(refusal(strict, "https://93.184.215.14:22/")).isEqualTo("port 22 is not allowed; allowed: 443, 8443");
    assertThat(await(strict.check("https://93.184.215.14:8443/")).port()).isEqualTo(8443);
    assertThat(await(strict.check("https://93.184.215.14/")).port()).isEqualTo(443);
    assertThat(await(new UrlGuard(vertx, false, false, java.util.List.of()).check("https://93.184.215.14:22/")).port())
        .isEqualTo(22);
    assertThat(await(new UrlGuard(vertx, true, false, PORTS).check("https://127.0.0.1:9999/")).port()).isEqualTo(9999);
  }

  @Test
  void malformedUrlsAreRefusedWithAReason() {
    UrlGuard lenient = new UrlGuard(vertx, true, true, PORTS);
    assertThat(refusal(lenient, "not a url")).isEqualTo("not a valid URL");
    assertThat(refusal(lenient, "https:///path")).isEqualTo("the URL has no host");
    assertThat(refusal(lenient, "https://user:pw@127.0.0.1/")).isEqualTo("the URL must not contain user information");
    assertThat(refusal(lenient, "https://127.0.0.1/#frag")).isEqualTo("the URL must not contain a fragment");
    assertThat(refusal(lenient, "https://no-such-host.invalid/")).isEqualTo("the host does not resolve");
    assertThat(refusal(lenient, "https://127.0.0.1/" + "a".repeat(2100))).contains("at most 2048 characters");
  }

  @Test
  void theTargetIsTheCheckedAddressWithTheUrlsHostAndPort() throws Throwable {
    UrlGuard.Target target = await(new UrlGuard(vertx, true, false, PORTS).check("https://localhost:8443/hooks"));
    assertThat(target.address().isLoopbackAddress()).isTrue();
    assertThat(target.host()).isEqualTo("localhost");
    assertThat(target.port()).isEqualTo(8443);
    assertThat(target.tls()).isTrue();
    assertThatThrownBy(() -> await(new UrlGuard(vertx, false, false, PORTS).check("https://localhost:8443/hooks")))
        .isInstanceOf(UrlGuard.Refused.class);
  }
}
