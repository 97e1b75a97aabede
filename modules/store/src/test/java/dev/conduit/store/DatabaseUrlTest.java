package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void parsesALibpqUrlForBothDrivers() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db.internal:6543/conduit");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/conduit");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.connectOptions().getHost()).isEqualTo("db.internal");
  }

  @Test
  void neverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://app:s3cret@db.internal/conduit");
    assertThat(url.toString()).isEqualTo("db.internal:5432/conduit").doesNotContain("s3cret");
  }

  @Test
  void rejectsOtherSchemesWithoutEchoingTheValue() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@localhost/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void toleratesAJdbcPrefix() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://localhost:5432/conduit?user=a&password=b").user())
        .isEqualTo("a");
  }
}
