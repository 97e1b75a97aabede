package dev.conduit.store;

import org.slf4j.Logger;

/**
 * Logs a periodic job's database failures once per outage: the first failure that means the database is
 * unreachable is a warning, the repeats are not logged, and the first success after them says the job goes on.
 * Other failures are logged every time, as before. One instance per job, used from its one event loop.
 */
public final class OutageLog {

  private final Logger log;
  private final String job;
  private boolean down;

  /** @param job what is failing, for the messages (e.g. "the refresh sweep") */
  public OutageLog(Logger log, String job) {
    this.log = log;
    this.job = job;
  }

  /** Logs {@code failure} as {@code message}, unless it is a repeat of a database outage already reported. */
  public void failed(String message, Throwable failure) {
    if (!DatabaseUnavailable.isUnavailable(failure)) {
      log.atWarn().setMessage(message).addKeyValue("error", failure.toString()).log();
    } else if (!down) {
      down = true;
      log.atWarn().setMessage(job + " cannot reach the database; it retries quietly until the database answers")
          .addKeyValue("error", failure.toString()).log();
    }
  }

  /** The job worked: after an outage, says so once. */
  public void succeeded() {
    if (down) {
      down = false;
      log.info("{} reaches the database again", job);
    }
  }
}
