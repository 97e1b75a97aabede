package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.BusMessage;
import dev.conduit.core.bus.LocalRecordCodec;
import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.bus.VaultRequest.Vend.Mode;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.connection.VendReply;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vend flow's conversation on the event bus, with the vault and the RefreshVerticle played by consumers on
 * their addresses that record what they were asked and answer as scripted (the real ones are tested in their
 * modules and together in the app's RefreshOnReadTest).
 */
@ExtendWith(VertxExtension.class)
class VendFlowTest {

  private static final UUID ID = UUID.randomUUID();
  private static final VendedSecret.OAuth OLD = new VendedSecret.OAuth(ID, "acme", "at-old", "bearer", null, List.of());
  private static final VendedSecret.OAuth NEW = new VendedSecret.OAuth(ID, "acme", "at-new", "bearer", null, List.of());
  private static final RefreshConfig REFRESH = new RefreshConfig(Duration.ofMinutes(10), Duration.ofHours(1), 50,
      Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(1),
      List.of());

  private Vertx vertx;
  private VendFlow flow;
  private final List<BusMessage> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    LocalRecordCodec.register(vertx.eventBus());
    flow = new VendFlow(new VaultClient(vertx.eventBus()), new RefreshClient(vertx.eventBus(), REFRESH));
  }

  /** The vault: answers each vend by its mode, with a reply or an error code. */
  private void vault(Function<Mode, Object> answer) {
    vertx.eventBus().<VaultRequest.Vend>consumer(Addresses.VAULT_VEND, message -> {
      asked.add(message.body());
      Object reply = answer.apply(message.body().mode());
      if (reply instanceof ErrorCode code) {
        message.fail(code.failureCode(), code.title());
      } else {
        message.reply(reply);
      }
    });
  }

  private void refresher(RefreshResult.Outcome outcome) {
    refresher(RefreshResult.of(outcome));
  }

  private void refresher(RefreshResult result) {
    vertx.eventBus().<RefreshRequest>consumer(Addresses.REFRESH_CONNECTION, message -> {
      asked.add(message.body());
      message.reply(result);
    });
  }

  private VendedSecret vend(Mode mode) throws Exception {
    return await(flow.vend(new VaultRequest.Vend("alice", ID, mode, "req-1")));
  }

  @Test
  void aTokenThatIsNotDueTakesOneRequestToTheVaultAndNoRefresh() throws Exception {
    vault(mode -> OLD);
    refresher(RefreshResult.Outcome.REFRESHED);

    assertThat(vend(Mode.WHEN_DUE)).isEqualTo(OLD);

    assertThat(asked).containsExactly(new VaultRequest.Vend("alice", ID, Mode.WHEN_DUE, "req-1"));
  }

  @Test
  void aDueTokenIsRefreshedThenVendedAgainAfterTheRefresh() throws Exception {
    vault(mode -> mode == Mode.AFTER_REFRESH ? NEW : VendReply.Due.INSTANCE);
    refresher(RefreshResult.Outcome.REFRESHED);

    assertThat(vend(Mode.WHEN_DUE)).isEqualTo(NEW);

    assertThat(asked).containsExactly(
        new VaultRequest.Vend("alice", ID, Mode.WHEN_DUE, "req-1"),
        new RefreshRequest("alice", ID, false, "req-1"),
        new VaultRequest.Vend("alice", ID, Mode.AFTER_REFRESH, "req-1"));
  }

  @Test
  void aForcedVendAsksForAForcedRefresh() throws Exception {
    vault(mode -> mode == Mode.AFTER_REFRESH ? NEW : VendReply.Due.INSTANCE);
    refresher(RefreshResult.Outcome.REFRESHED);

    vend(Mode.FORCED);

    assertThat(asked).contains(new RefreshRequest("alice", ID, true, "req-1"));
  }

  @Test
  void whenTheRefreshFailsOrGoesUnansweredTheVaultStillHasTheLastWord() throws Exception {
    vault(mode -> mode == Mode.AFTER_REFRESH ? OLD : VendReply.Due.INSTANCE);

    assertThat(vend(Mode.WHEN_DUE)).as("no RefreshVerticle answering").isEqualTo(OLD);

    refresher(RefreshResult.Outcome.TRANSIENT_FAILURE);
    assertThat(vend(Mode.WHEN_DUE)).as("a transient failure").isEqualTo(OLD);
  }

  @Test
  void theVaultsRefusalAfterTheRefreshIsTheAnswer() {
    vault(mode -> mode == Mode.AFTER_REFRESH ? ErrorCode.NEEDS_REAUTH : VendReply.Due.INSTANCE);
    refresher(RefreshResult.Outcome.NEEDS_REAUTH);

    Throwable failure = catchThrowable(() -> vend(Mode.WHEN_DUE));

    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(ErrorCode.fromFailureCode(((ReplyException) failure).failureCode())).isEqualTo(ErrorCode.NEEDS_REAUTH);
  }

  @Test
  void aForcedVendWhoseRefreshFailedNeverGetsTheTokenTheClientReportedRejected() {
    vault(mode -> mode == Mode.AFTER_REFRESH ? OLD : VendReply.Due.INSTANCE);

    Throwable unanswered = catchThrowable(() -> vend(Mode.FORCED));
    assertThat(unanswered).isInstanceOf(ConduitException.class);
    assertThat(((ConduitException) unanswered).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(((ConduitException) unanswered).retryAfter()).isPositive();

    refresher(new RefreshResult(RefreshResult.Outcome.TRANSIENT_FAILURE, "the provider answered 503",
        Duration.ofSeconds(20)));
    Throwable failed = catchThrowable(() -> vend(Mode.FORCED));
    assertThat(failed).isInstanceOf(ConduitException.class);
    assertThat(((ConduitException) failed).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(((ConduitException) failed).retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(failed.getMessage()).contains("the provider answered 503").doesNotContain("at-old");
  }

  @Test
  void aForcedVendInsideTheWindowOfASuccessGetsTheStoredToken() throws Exception {
    vault(mode -> mode == Mode.AFTER_REFRESH ? NEW : VendReply.Due.INSTANCE);
    refresher(RefreshResult.Outcome.CURRENT);

    assertThat(vend(Mode.FORCED)).isEqualTo(NEW);
  }

  @Test
  void aRefreshThatNeedsAClientThisDeploymentLacksIsConnectorNotConfigured() throws Exception {
    String detail = ClientRegistry.missingClientDetail("acme");
    vault(mode -> mode == Mode.AFTER_REFRESH ? ErrorCode.PROVIDER_UNAVAILABLE : VendReply.Due.INSTANCE);
    refresher(new RefreshResult(RefreshResult.Outcome.NOT_CONFIGURED, detail));

    Throwable expired = catchThrowable(() -> vend(Mode.WHEN_DUE));

    assertThat(expired).isInstanceOf(ConduitException.class);
    ErrorCode code = ((ConduitException) expired).code();
    assertThat(code.code()).isEqualTo("connector_not_configured");
    assertThat(code.status()).isEqualTo(503);
    assertThat(expired.getMessage()).contains("CONDUIT_CONNECTOR_ACME_CLIENT_ID", "CONDUIT_CONNECTOR_ACME_CLIENT_SECRET");
    Throwable forced = catchThrowable(() -> vend(Mode.FORCED));
    assertThat(((ConduitException) forced).code()).isEqualTo(ErrorCode.CONNECTOR_NOT_CONFIGURED_FOR_REFRESH);
  }

  @Test
  void aDueTokenStillValidIsServedWhenNoClientCanRefreshIt() throws Exception {
    vault(mode -> mode == Mode.AFTER_REFRESH ? OLD : VendReply.Due.INSTANCE);
    refresher(new RefreshResult(RefreshResult.Outcome.NOT_CONFIGURED, ClientRegistry.missingClientDetail("acme")));

    assertThat(vend(Mode.WHEN_DUE)).isEqualTo(OLD);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
