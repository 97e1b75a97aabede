package dev.conduit.http.auth;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.UUID;

/**
 * The API keys this process deleted in the last minute, shared by all its HTTP verticle instances: a delete is
 * answered once it commits, and its notice on the change feed reaches the other event loops' caches a moment later.
 * Until then a remembered key is checked here, so a key deleted through this process is refused by it at once.
 * (Other replicas learn of it from the feed.) Deletes are rare, so the map stays tiny.
 */
public final class DeletedKeys {

  /** Far longer than a notice takes to arrive; after that the feed has dropped the key everywhere. */
  private static final long KEEP_MS = 60_000;

  private final LocalMap<String, Long> deleted;

  private DeletedKeys(LocalMap<String, Long> deleted) {
    this.deleted = deleted;
  }

  public static DeletedKeys shared(Vertx vertx) {
    return new DeletedKeys(vertx.sharedData().getLocalMap("conduit.api-keys.deleted"));
  }

  public void deleted(UUID keyId) {
    long now = System.currentTimeMillis();
    deleted.entrySet().removeIf(entry -> now - entry.getValue() > KEEP_MS);
    deleted.put(keyId.toString(), now);
  }

  boolean contains(UUID keyId) {
    return !deleted.isEmpty() && deleted.containsKey(keyId.toString());
  }
}
