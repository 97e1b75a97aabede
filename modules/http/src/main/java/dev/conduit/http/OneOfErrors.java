package dev.conduit.http;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Narrows a schema validator's faults for a {@code oneOf} whose branches are told apart by one property (a
 * discriminator such as a credential's {@code kind}). The validator reports every branch's faults; only the branch
 * the request chose says anything useful: an {@code oauth2} deposit with a bad {@code expiresIn} must not also hear
 * that {@code apiKey} is required. JSON Schema has no discriminator, so the chosen branch is found from the faults:
 * a branch whose top-level property failed its {@code enum} or {@code const} was not chosen.
 */
final class OneOfErrors {

  /** The innermost oneOf branch a fault sits in: the oneOf's location, the branch, the rest of the location. */
  private static final Pattern BRANCH = Pattern.compile("^(.*/oneOf)/(\\d+)(/.*)?$");
  /** A branch's own property failing its enum or const: the discriminator says "not this branch". */
  private static final Pattern REFUTED = Pattern.compile("^(?:/\\$ref)?/properties/[^/]+/(?:enum|const)$");

  private OneOfErrors() {
  }

  /**
   * @param faults the faults to narrow
   * @param reported every fault the validator reported, also those set aside (a branch none of whose faults are left
   *     is a branch the request matches: its oneOf holds, and the other branches' faults say nothing)
   */
  static List<SchemaFault> relevant(List<SchemaFault> faults, List<SchemaFault> reported) {
    Set<String> matched = new HashSet<>();
    for (SchemaFault fault : reported) {
      Matcher branch = branch(fault);
      if (branch != null) {
        matched.add(branch.group(1) + "/" + branch.group(2));
      }
    }
    for (SchemaFault fault : faults) {
      Matcher branch = branch(fault);
      if (branch != null) {
        matched.remove(branch.group(1) + "/" + branch.group(2));
      }
    }
    Set<String> satisfied = new HashSet<>();
    matched.forEach(branch -> satisfied.add(branch.substring(0, branch.lastIndexOf('/'))));
    Map<String, Set<String>> branches = new HashMap<>();
    Map<String, Set<String>> refuted = new HashMap<>();
    Map<String, Map<String, Set<String>>> missing = new HashMap<>();
    for (SchemaFault fault : faults) {
      Matcher branch = branch(fault);
      if (branch == null) {
        continue;
      }
      String oneOf = branch.group(1);
      branches.computeIfAbsent(oneOf, k -> new LinkedHashSet<>()).add(branch.group(2));
      if (isRefutation(branch)) {
        refuted.computeIfAbsent(oneOf, k -> new LinkedHashSet<>()).add(branch.group(2));
      }
      if (fault.keyword().equals("required")) {
        missing.computeIfAbsent(oneOf, k -> new HashMap<>())
            .computeIfAbsent(branch.group(2), k -> new LinkedHashSet<>()).add(fault.property());
      }
    }
    if (branches.isEmpty() && satisfied.isEmpty()) {
      return faults;
    }
    List<SchemaFault> kept = new ArrayList<>();
    Map<String, SchemaFault> mergedRefutations = new LinkedHashMap<>();
    for (SchemaFault fault : faults) {
      Matcher branch = branch(fault);
      if (branch == null) {
        kept.add(fault);
        continue;
      }
      String oneOf = branch.group(1);
      if (satisfied.contains(oneOf)) {
        continue;
      }
      Set<String> all = branches.get(oneOf);
      Set<String> ruledOut = refuted.getOrDefault(oneOf, Set.of());
      Set<String> missingEverywhere = missingInEveryBranch(all, missing.getOrDefault(oneOf, Map.of()));
      if (!missingEverywhere.isEmpty()) {
        // the discriminator itself is missing: that is the one thing to say
        if (fault.keyword().equals("required") && missingEverywhere.contains(fault.property())
            && branch.group(2).equals(all.iterator().next())) {
          kept.add(fault);
        }
      } else if (ruledOut.size() == all.size()) {
        // no branch takes this discriminator value: one fault listing the values that are accepted
        if (isRefutation(branch)) {
          mergedRefutations.merge(fault.pointer(), fault, OneOfErrors::mergeAllowed);
        }
      } else if (!ruledOut.contains(branch.group(2))) {
        kept.add(fault);
      }
    }
    kept.addAll(mergedRefutations.values());
    return kept;
  }

  /** Whether the fault lies inside one of a oneOf's branches (the oneOf's own fault says less than they do). */
  static boolean inBranch(SchemaFault fault) {
    return branch(fault) != null;
  }

  private static Matcher branch(SchemaFault fault) {
    Matcher matcher = BRANCH.matcher(fault.keywordLocation());
    return matcher.matches() ? matcher : null;
  }

  private static boolean isRefutation(Matcher branch) {
    return branch.group(3) != null && REFUTED.matcher(branch.group(3)).matches();
  }

  private static Set<String> missingInEveryBranch(Set<String> branches, Map<String, Set<String>> missing) {
    Set<String> common = null;
    for (String branch : branches) {
      Set<String> here = missing.getOrDefault(branch, Set.of());
      if (common == null) {
        common = new LinkedHashSet<>(here);
      } else {
        common.retainAll(here);
      }
    }
    return common == null ? Set.of() : common;
  }

  /** Two branches' enum (or const) faults on the same value: one enum fault allowing what either allows. */
  private static SchemaFault mergeAllowed(SchemaFault first, SchemaFault second) {
    JsonArray allowed = new JsonArray();
    for (SchemaFault fault : List.of(first, second)) {
      if (fault.rule() instanceof JsonArray values) {
        values.forEach(value -> {
          if (!allowed.contains(value)) {
            allowed.add(value);
          }
        });
      } else if (!allowed.contains(fault.rule())) {
        allowed.add(fault.rule());
      }
    }
    return new SchemaFault("enum", first.keywordLocation(), first.pointer(), allowed, null);
  }
}
