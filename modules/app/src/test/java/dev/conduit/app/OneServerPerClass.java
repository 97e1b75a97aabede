package dev.conduit.app;

import dev.conduit.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The usual shape of a whole-server test class: one Conduit with the default test settings for the class (a start is
 * the expensive part), and an empty database before each test, so tests share the server but nothing they stored.
 * A subclass's own {@code @BeforeEach} runs after the database is emptied. Test classes run one at a time in a test
 * JVM, so the one field serves each class in turn.
 */
abstract class OneServerPerClass {

  static TestConduit conduit;

  @BeforeAll
  static void startServer() {
    conduit = TestConduit.start();
  }

  @AfterAll
  static void stopServer() {
    conduit.close();
  }

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncateAll();
  }
}
