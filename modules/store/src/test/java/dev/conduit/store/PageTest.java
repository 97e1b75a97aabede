package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {

  private record Row(Instant createdAt, UUID id) {
  }

  private static final List<Row> ROWS = IntStream.range(0, 4)
      .mapToObj(i -> new Row(Instant.parse("2026-11-22T10:00:00.123456Z").minusSeconds(i), UUID.randomUUID()))
      .toList();

  @Test
  void theExtraRowFetchedMeansMoreRemainAfterThePagesLastItem() {
    Page<Row> page = Page.of(ROWS, new PageRequest(null, 3), row -> new Cursor(row.createdAt(), row.id()));

    assertThat(page.items()).containsExactlyElementsOf(ROWS.subList(0, 3));
    assertThat(Cursor.decode(page.nextCursor())).isEqualTo(new Cursor(ROWS.get(2).createdAt(), ROWS.get(2).id()));
  }

  @Test
  void noExtraRowMeansTheLastPage() {
    Page<Row> page = Page.of(ROWS, new PageRequest(null, 4), row -> new Cursor(row.createdAt(), row.id()));

    assertThat(page.items()).containsExactlyElementsOf(ROWS);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void theRequestBindsTheCursorAndAsksForOneRowMore() {
    Cursor after = new Cursor(ROWS.get(1).createdAt(), ROWS.get(1).id());
    PageRequest request = new PageRequest(after, 50);

    assertThat(request.afterCreatedAt().toInstant()).isEqualTo(after.createdAt());
    assertThat(request.afterId()).isEqualTo(after.id());
    assertThat(request.limit()).isEqualTo(51);
    assertThat(new PageRequest(null, 50).afterCreatedAt()).isNull();
    assertThat(PageRequest.keyset("d", 3)).isEqualTo("""
        AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3, $4))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $5""");
  }
}
