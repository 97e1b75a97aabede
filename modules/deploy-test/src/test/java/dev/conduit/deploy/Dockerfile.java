package dev.conduit.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The top-level Dockerfile as a list of instructions: comments dropped, continued lines joined. Enough of the
 * format to check what the image promises; nothing here builds it.
 */
record Dockerfile(List<Instruction> instructions) {

  record Instruction(String keyword, String arguments) {
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Dockerfile read() {
    return parse(ProjectFiles.read(ProjectFiles.dockerfile()));
  }

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        pending.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      pending.append(stripped);
      String whole = pending.toString().strip();
      pending.setLength(0);
      if (!whole.isEmpty()) {
        String[] parts = whole.split("\\s+", 2);
        instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
      }
    }
    return new Dockerfile(List.copyOf(instructions));
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword))
        .map(Instruction::arguments).toList();
  }

  /** The last of a keyword's instructions (the one in force), if any. */
  Optional<String> last(String keyword) {
    List<String> found = all(keyword);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /** The numeric user id of the last USER instruction; an assertion error when it is a name or missing. */
  long uid() {
    String user = last("USER").orElseThrow(() -> new AssertionError("the Dockerfile sets no USER"));
    String uid = user.split(":", 2)[0];
    if (!uid.matches("\\d+")) {
      throw new AssertionError("USER " + user + " is not numeric: runAsNonRoot can only verify a numeric user");
    }
    return Long.parseLong(uid);
  }

  /** An instruction's exec form (a JSON array of strings), or empty when it is in shell form. */
  static Optional<List<String>> execForm(String arguments) {
    if (!arguments.startsWith("[")) {
      return Optional.empty();
    }
    try {
      JsonNode array = JSON.readTree(arguments);
      List<String> items = new ArrayList<>();
      for (JsonNode item : array) {
        if (!item.isString()) {
          return Optional.empty();
        }
        items.add(item.asString());
      }
      return Optional.of(items);
    } catch (JacksonException notJson) {
      return Optional.empty();
    }
  }
}
