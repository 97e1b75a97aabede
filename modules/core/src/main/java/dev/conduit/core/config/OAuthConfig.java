package dev.conduit.core.config;

import java.util.List;

/**
 * @param redirectAllowList the origins ({@code scheme://host[:port]}) a browser may be sent back to after
 *                          connecting an account; see {@link RedirectAllowList}
 */
public record OAuthConfig(List<String> redirectAllowList) {

  public OAuthConfig {
    redirectAllowList = List.copyOf(redirectAllowList);
  }

  public RedirectAllowList allowList() {
    return RedirectAllowList.of(redirectAllowList);
  }
}
