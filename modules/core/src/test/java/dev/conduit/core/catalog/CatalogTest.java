package dev.conduit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static Connector connector(String id, String name, AuthType type) {
    return new Connector(id, name, type, List.of(), "https://docs.example", null,
        new RateLimit(1, 1, "https://docs.example", true, null));
  }

  private final Catalog catalog = Catalog.of(List.of(
      connector("stripe", "Stripe", AuthType.API_KEY),
      connector("github", "GitHub", AuthType.OAUTH2),
      connector("gitlab", "GitLab", AuthType.OAUTH2)));

  @Test
  void isSortedById() {
    assertThat(catalog.all()).extracting(Connector::id).containsExactly("github", "gitlab", "stripe");
  }

  @Test
  void filtersByAuthType() {
    assertThat(catalog.filter(AuthType.API_KEY, null)).extracting(Connector::id).containsExactly("stripe");
  }

  @Test
  void matchesTheQueryInIdOrNameIgnoringCase() {
    assertThat(catalog.filter(null, "GIT")).extracting(Connector::id).containsExactly("github", "gitlab");
    assertThat(catalog.filter(null, "hub")).extracting(Connector::id).containsExactly("github");
  }

  @Test
  void combinesBothFilters() {
    assertThat(catalog.filter(AuthType.API_KEY, "git")).isEmpty();
  }
}
