package dev.conduit.app;

import dev.conduit.vault.VaultKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The development setup's home directory ({@code .conduit/}): it generates, once, a vault keyset and a JWT
 * secret and keeps them next to the embedded PostgreSQL data, readable by the owner only. It remembers which of
 * them this process generated and which it found, for the start-up banner.
 */
final class DevelopmentSetup {

  static final String KEYSET_FILE = "vault-keyset.json";
  static final String JWT_SECRET_FILE = "jwt-secret";
  static final String POSTGRES_DIR = "postgres";
  /** Held by the Conduit that runs the embedded PostgreSQL; see {@link DirectoryLock}. */
  static final String LOCK_FILE = "conduit.lock";
  /** The file every initialized PostgreSQL data directory holds. */
  private static final String POSTGRES_MARKER = "PG_VERSION";

  /** Whether a piece of the setup was made by this process or found from an earlier start. */
  enum Provenance {
    GENERATED, REUSED
  }

  private final Path home;
  private final Map<String, Provenance> provenance = new ConcurrentHashMap<>();

  DevelopmentSetup(Path home) {
    this.home = home;
  }

  Path home() {
    return home;
  }

  /** The embedded PostgreSQL's data directory; PostgreSQL initializes it when it holds no database yet. */
  Path postgresDirectory() {
    Path directory = ensureHome().resolve(POSTGRES_DIR);
    provenance.putIfAbsent(POSTGRES_DIR,
        Files.exists(directory.resolve(POSTGRES_MARKER)) ? Provenance.REUSED : Provenance.GENERATED);
    return directory;
  }

  /** What this process did with {@code name} (a file or directory of the home), if it used it at all. */
  Optional<Provenance> provenance(String name) {
    return Optional.ofNullable(provenance.get(name));
  }

  /** The JWT secret an earlier start generated; never creates one (see {@code token}). */
  Optional<String> existingJwtSecret() {
    Path file = home.resolve(JWT_SECRET_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(secret -> !secret.isEmpty());
    } catch (IOException e) {
      // a sentence for the command line, not a stack trace (e.g. the file belongs to another user)
      throw new StartupException("cannot read the development JWT secret " + file + ": " + e);
    }
  }

  Path lockFile() {
    return ensureHome().resolve(LOCK_FILE);
  }

  /** The development vault keyset (Tink JSON), generated on first use. */
  String vaultKeyset() {
    return readOrCreate(KEYSET_FILE, VaultKeys::generate);
  }

  /** The development HS256 secret: 32 random bytes, base64url, generated on first use. */
  String jwtSecret() {
    return readOrCreate(JWT_SECRET_FILE, () -> {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    });
  }

  private String readOrCreate(String name, Supplier<String> generator) {
    Path file = ensureHome().resolve(name);
    try {
      Provenance found = Provenance.REUSED;
      if (!Files.exists(file)) {
        Path temporary = Files.createTempFile(home, name, ".tmp", ownerOnly("rw-------"));
        Files.writeString(temporary, generator.get(), StandardCharsets.UTF_8);
        try {
          // another process may have won the race; keep whichever file landed first
          Files.move(temporary, file);
          found = Provenance.GENERATED;
        } catch (FileAlreadyExistsException lostTheRace) {
          Files.delete(temporary);
        }
      }
      provenance.putIfAbsent(name, found);
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + file, e);
    }
  }

  private Path ensureHome() {
    try {
      if (!Files.isDirectory(home)) {
        Files.createDirectories(home, ownerOnly("rwx------"));
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + home, e);
    }
  }

  /** Owner-only permissions where the file system has POSIX permissions (not on Windows). */
  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
