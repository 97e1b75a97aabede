package dev.conduit.vault;

/** The names bound into each field's associated data; renaming one would make its stored ciphertexts unreadable. */
final class SecretField {

  static final String ACCESS_TOKEN = "access_token";
  static final String REFRESH_TOKEN = "refresh_token";
  static final String API_KEY = "api_key";
  static final String API_SECRET = "api_secret";
  static final String USERNAME = "username";
  static final String PASSWORD = "password";

  private SecretField() {
  }
}
