package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.conduit.core.json.WireNamed;

/**
 * The closed set of catalog categories. A fixed list, so that {@code filter[category]} can reject a typo instead of
 * answering an empty list, and so that the connect page groups connectors under a few stable headings. The order is
 * the order those headings are shown in.
 */
public enum Category implements WireNamed {
  DEV_TOOLS("dev-tools", "Developer tools"),
  COMMUNICATION("communication", "Communication"),
  CRM("crm", "CRM and sales"),
  SUPPORT("support", "Support"),
  MARKETING("marketing", "Marketing"),
  FINANCE("finance", "Finance and accounting"),
  HR("hr", "HR and recruiting"),
  PRODUCTIVITY("productivity", "Productivity and files"),
  PROJECT_MANAGEMENT("project-management", "Project management"),
  E_COMMERCE("e-commerce", "E-commerce"),
  ANALYTICS("analytics", "Analytics"),
  CLOUD("cloud", "Cloud platforms"),
  AI("ai", "AI APIs"),
  SOCIAL("social", "Social and media");

  private final String wireName;
  private final String label;

  Category(String wireName, String label) {
    this.wireName = wireName;
    this.label = label;
  }

  @JsonValue
  @Override
  public String wireName() {
    return wireName;
  }

  /** The heading people read, e.g. "CRM and sales". */
  public String label() {
    return label;
  }

  /** The wire name, so messages show what a file author writes. */
  @Override
  public String toString() {
    return wireName;
  }

  /** The value for a wire name, or null when there is none (callers report the bad value themselves). */
  public static Category fromWireName(String name) {
    return WireNamed.fromWireName(Category.class, name);
  }
}
