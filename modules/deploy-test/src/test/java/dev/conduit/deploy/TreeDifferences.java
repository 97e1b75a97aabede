package dev.conduit.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where two JSON trees differ, as JSON pointers with what differs: the manifest as written against the same
 * manifest read into the Kubernetes model and written back. A field the model does not know is absent from the
 * second tree; a value the model coerced (a quoted number, a misplaced list) differs.
 */
final class TreeDifferences {

  private TreeDifferences() {
  }

  static List<String> between(JsonNode written, JsonNode readBack) {
    List<String> differences = new ArrayList<>();
    compare("", written, readBack, differences);
    return differences;
  }

  private static void compare(String path, JsonNode written, JsonNode readBack, List<String> differences) {
    if (written.isObject() && readBack.isObject()) {
      for (Map.Entry<String, JsonNode> field : written.properties()) {
        String child = path + "/" + escape(field.getKey());
        JsonNode other = readBack.get(field.getKey());
        if (other == null) {
          differences.add(child + ": not a field of this kind (misspelt, or at the wrong level)");
        } else {
          compare(child, field.getValue(), other, differences);
        }
      }
      for (String name : readBack.propertyNames()) {
        if (!written.has(name)) {
          differences.add(path + "/" + escape(name) + ": added by the model, not written");
        }
      }
    } else if (written.isArray() && readBack.isArray()) {
      if (written.size() != readBack.size()) {
        differences.add(path + ": " + written.size() + " items written, " + readBack.size() + " read back");
        return;
      }
      for (int i = 0; i < written.size(); i++) {
        compare(path + "/" + i, written.get(i), readBack.get(i), differences);
      }
    } else if (!written.equals(readBack)) {
      differences.add((path.isEmpty() ? "/" : path) + ": written as " + describe(written) + ", read back as "
          + describe(readBack));
    }
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
  }

  /** RFC 6901: '~' and '/' inside a name. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
