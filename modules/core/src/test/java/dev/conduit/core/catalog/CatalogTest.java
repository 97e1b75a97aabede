package dev.conduit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static Connector connector(String id, String name, AuthType type, Category... categories) {
    return new Connector(id, name, type, List.of(categories), "https://docs.example", null,
        new RateLimit(1, 1, "https://docs.example", true, null));
  }

  private final Catalog catalog = Catalog.of(List.of(
      connector("stripe", "Stripe", AuthType.API_KEY, Category.FINANCE),
      connector("github", "GitHub", AuthType.OAUTH2, Category.DEV_TOOLS),
      connector("gitlab", "GitLab", AuthType.OAUTH2, Category.DEV_TOOLS, Category.PROJECT_MANAGEMENT)));

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

  @Test
  void filtersByCategory() {
    assertThat(catalog.filter(null, Category.DEV_TOOLS, null)).extracting(Connector::id)
        .containsExactly("github", "gitlab");
    assertThat(catalog.filter(null, Category.PROJECT_MANAGEMENT, "hub")).isEmpty();
    assertThat(catalog.filter(null, Category.HR, null)).isEmpty();
  }

  @Test
  void countsEachCategoryInTheListsOrderLeavingOutEmptyOnes() {
    assertThat(Catalog.countByCategory(catalog.all())).containsExactly(
        Map.entry(Category.DEV_TOOLS, 2), Map.entry(Category.FINANCE, 1), Map.entry(Category.PROJECT_MANAGEMENT, 1));
  }
}
