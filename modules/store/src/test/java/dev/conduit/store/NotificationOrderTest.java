package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The vend cache's freshness barrier rests on this PostgreSQL behaviour: a listening session receives every
 * notification committed before its next query, ahead of that query's answer.
 */
class NotificationOrderTest {

  @Test
  void aNotificationCommittedBeforeAQueryArrivesBeforeItsAnswer() throws Exception {
    DatabaseUrl database = TestDatabase.url();
    try (Connection writer = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Connection listener = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement write = writer.createStatement();
        Statement listen = listener.createStatement()) {
      listen.execute("LISTEN " + CredentialRepository.CHANGES_CHANNEL);
      int missing = 0;
      for (int i = 0; i < 2_000; i++) {
        write.execute("SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', '" + i + "')");
        listen.executeQuery("SELECT 1").close();
        Set<String> received = new HashSet<>();
        PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications();
        if (notifications != null) {
          for (PGNotification notification : notifications) {
            received.add(notification.getParameter());
          }
        }
        if (!received.contains(Integer.toString(i))) {
          missing++;
        }
      }
      assertThat(missing).isZero();
    }
  }
}
