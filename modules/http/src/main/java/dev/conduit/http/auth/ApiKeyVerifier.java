package dev.conduit.http.auth;

import dev.conduit.core.apikey.ApiKey;
import dev.conduit.store.ApiKeyRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Names the caller behind a platform API key. A key found once is remembered ({@link VerifiedKeys}), so a warm
 * request costs a SHA-256 and no database read — but only while the change feed listens ({@link ApiKeyFeed}):
 * a deleted key is dropped when its notice arrives, and without the feed nothing would drop it, so every
 * request reads the database until the feed is back. A remembered key lives no longer than its expiry: it is
 * refused from then on, cached or not. One instance per event loop.
 */
public final class ApiKeyVerifier {

  /** Keys remembered per event loop: far above the keys of the clients one server sees. */
  private static final int CACHE_SIZE = 10_000;

  private final ApiKeyRepository keys;
  private final KeyUsage usage;
  private final DeletedKeys deletedHere;
  private final Clock clock;
  private final VerifiedKeys cache = new VerifiedKeys(CACHE_SIZE);
  private boolean feedListening;
  /**
   * Counts every drop. A lookup that was under way when a drop happened is not remembered: it may have read the
   * key just before the delete that the drop is about, and remembering it would bring the deleted key back.
   */
  private long drops;

  public ApiKeyVerifier(ApiKeyRepository keys, KeyUsage usage, DeletedKeys deletedHere, Clock clock) {
    this.keys = keys;
    this.usage = usage;
    this.deletedHere = deletedHere;
    this.clock = clock;
  }

  /** The caller the key speaks for; fails with {@link AuthenticationFailure}, or the database's failure. */
  Future<Caller> callerOf(String token) {
    if (!PlatformKeys.wellFormed(token)) {
      return Future.failedFuture(new AuthenticationFailure(TokenRefusal.API_KEY_MALFORMED));
    }
    byte[] hash = PlatformKeys.hash(token);
    ApiKey remembered = feedListening ? cache.get(hash) : null;
    if (remembered != null) {
      if (deletedHere.contains(remembered.id())) {
        deleted(remembered.id());
        return Future.failedFuture(new AuthenticationFailure(TokenRefusal.API_KEY_UNKNOWN));
      }
      return admit(remembered);
    }
    long dropsBefore = drops;
    return keys.findByHash(hash).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new AuthenticationFailure(TokenRefusal.API_KEY_UNKNOWN));
      }
      if (feedListening && drops == dropsBefore) {
        cache.remember(hash, found.get());
      }
      return admit(found.get());
    });
  }

  private Future<Caller> admit(ApiKey key) {
    Instant now = clock.instant();
    if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
      return Future.failedFuture(new AuthenticationFailure(TokenRefusal.API_KEY_EXPIRED));
    }
    usage.used(key.id(), now);
    return Future.succeededFuture(Caller.withApiKey(key.owner(), key.prefix(), key.scopes()));
  }

  /** The key was deleted (in any replica). */
  void deleted(UUID keyId) {
    drops++;
    cache.forget(keyId);
  }

  /** The feed listens (again): keys read from now on may be remembered. */
  void feedUp() {
    forgetAll();
    feedListening = true;
  }

  /** The feed lost its connection: deletes may go unheard, so nothing is remembered until it is back. */
  void feedDown() {
    feedListening = false;
    forgetAll();
  }

  private void forgetAll() {
    drops++;
    cache.clear();
  }
}
