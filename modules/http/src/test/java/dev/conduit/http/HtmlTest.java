package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void markupAndQuotesBecomeText() {
    assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void plainTextAndUnicodeStayAsTheyAre() {
    assertThat(Html.escape("Zoë's CRM — ünïcode")).isEqualTo("Zoë&#39;s CRM — ünïcode");
    assertThat(Html.escape("Stripe")).isEqualTo("Stripe");
  }

  @Test
  void nothingIsEmpty() {
    assertThat(Html.escape(null)).isEmpty();
  }
}
