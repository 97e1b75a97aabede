package dev.conduit.store;

import java.util.UUID;

/**
 * What one notice on {@link CredentialRepository#CHANGES_CHANNEL} says changed. The channel was made for
 * connections (the payload is the connection's id, as every existing writer sends it); a deleted API key travels
 * on it too, as {@code api_key:<id>}, so that each replica's one feed connection hears both and caches that are
 * not concerned skip the other kind.
 */
public sealed interface ChangeNotice {

  /** A connection's credential or status changed: caches of its vended secret drop it. */
  record ConnectionChanged(UUID connectionId) implements ChangeNotice {
  }

  /** An API key was deleted: caches of verified keys drop it. */
  record ApiKeyDeleted(UUID keyId) implements ChangeNotice {
  }

  /** A payload of a kind this build does not know (a newer replica's): nothing to drop. */
  record Unknown() implements ChangeNotice {
  }

  String API_KEY_PREFIX = "api_key:";

  /** The notice a payload carries; never fails, so that one odd payload cannot stop a feed. */
  static ChangeNotice parse(String payload) {
    try {
      if (payload.startsWith(API_KEY_PREFIX)) {
        return new ApiKeyDeleted(UUID.fromString(payload.substring(API_KEY_PREFIX.length())));
      }
      return new ConnectionChanged(UUID.fromString(payload));
    } catch (IllegalArgumentException notOurs) {
      return new Unknown();
    }
  }
}
