package dev.conduit.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The development home's lock, held by the Conduit that runs the embedded PostgreSQL for as long as it runs. The
 * operating system releases it when that JVM dies, even by {@code kill -9}: so a PostgreSQL found running on the
 * data directory while the lock is free was left behind, and one found while it is held belongs to a live Conduit.
 */
final class DirectoryLock implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock in {@code file}, or refuses naming the Conduit that holds it. */
  static DirectoryLock acquire(Path file, Path home) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldInThisJvm) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StartupException("another Conduit" + holder(file) + " is running from " + home.toAbsolutePath()
            + " and uses its embedded PostgreSQL: stop it first, or give this one a directory of its own with"
            + " CONDUIT_DATABASE_EMBEDDED_DIR");
      }
      // the holder's pid, so the refusal above can name it
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
      return new DirectoryLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StartupException("cannot lock " + file.toAbsolutePath() + ": " + e.getMessage());
    }
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("[0-9]{1,19}") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the failure being reported matters more
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new StartupException("cannot release the lock " + file.toAbsolutePath() + ": " + e.getMessage());
    }
  }
}
