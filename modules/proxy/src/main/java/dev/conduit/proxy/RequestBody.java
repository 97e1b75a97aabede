package dev.conduit.proxy;

import io.vertx.core.buffer.Buffer;

/** How a proxied request's body is sent: not at all, from memory (and so again on a retry), or streamed once. */
sealed interface RequestBody {

  boolean replayable();

  /** The caller sent no body. */
  record None() implements RequestBody {
    @Override
    public boolean replayable() {
      return true;
    }
  }

  /** A small body, read whole before the first attempt. */
  record Kept(Buffer bytes) implements RequestBody {
    @Override
    public boolean replayable() {
      return true;
    }
  }

  /**
   * A large or unsized body, piped from the caller to the provider as it arrives; {@code contentLength} is null
   * when the caller sent it chunked.
   */
  record Streamed(Long contentLength) implements RequestBody {
    @Override
    public boolean replayable() {
      return false;
    }
  }
}
