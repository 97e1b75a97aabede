package dev.conduit.http;

import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Narrows a schema validator's errors for a {@code oneOf} whose branches are told apart by one property (a
 * discriminator such as a credential's {@code kind}). The validator reports every branch's errors; only the branch
 * the request chose says anything useful: an {@code oauth2} deposit with a bad {@code expiresIn} must not also hear
 * that {@code apiKey} is required. JSON Schema has no discriminator, so the chosen branch is found from the errors:
 * a branch whose top-level property failed its {@code enum} or {@code const} was not chosen.
 */
final class OneOfErrors {

  /** The innermost oneOf branch an error sits in: the oneOf's location, the branch, the rest of the location. */
  private static final Pattern BRANCH = Pattern.compile("^(.*/oneOf)/(\\d+)(/.*)?$");
  /** A branch's own property failing its enum or const: the discriminator says "not this branch". */
  private static final Pattern REFUTED = Pattern.compile("^(?:/\\$ref)?/properties/[^/]+/(?:enum|const)$");
  private static final Pattern MISSING = Pattern.compile("Instance does not have required property \"([^\"]+)\"");
  private static final Pattern ALLOWED = Pattern.compile("Instance does not match any of \\[(.*)]");

  private OneOfErrors() {
  }

  static List<OutputUnit> relevant(List<OutputUnit> errors) {
    Map<String, Set<String>> branches = new HashMap<>();
    Map<String, Set<String>> refuted = new HashMap<>();
    Map<String, Map<String, Set<String>>> missing = new HashMap<>();
    for (OutputUnit error : errors) {
      Matcher branch = branch(error);
      if (branch == null) {
        continue;
      }
      String oneOf = branch.group(1);
      branches.computeIfAbsent(oneOf, k -> new HashSet<>()).add(branch.group(2));
      if (isRefutation(branch)) {
        refuted.computeIfAbsent(oneOf, k -> new HashSet<>()).add(branch.group(2));
      }
      Matcher required = error.getError() == null ? null : MISSING.matcher(error.getError());
      if (required != null && required.matches()) {
        missing.computeIfAbsent(oneOf, k -> new HashMap<>())
            .computeIfAbsent(branch.group(2), k -> new HashSet<>()).add(required.group(1));
      }
    }
    if (branches.isEmpty()) {
      return errors;
    }
    List<OutputUnit> kept = new ArrayList<>();
    Map<String, OutputUnit> mergedRefutations = new HashMap<>();
    for (OutputUnit error : errors) {
      Matcher branch = branch(error);
      if (branch == null) {
        kept.add(error);
        continue;
      }
      String oneOf = branch.group(1);
      Set<String> all = branches.get(oneOf);
      Set<String> ruledOut = refuted.getOrDefault(oneOf, Set.of());
      Set<String> missingEverywhere = missingInEveryBranch(all, missing.getOrDefault(oneOf, Map.of()));
      if (!missingEverywhere.isEmpty()) {
        // the discriminator itself is missing: that is the one thing to say
        if (isMissing(error, missingEverywhere) && branch.group(2).equals(all.iterator().next())) {
          kept.add(error);
        }
      } else if (ruledOut.size() == all.size()) {
        // no branch takes this discriminator value: one error listing the values that are accepted
        if (isRefutation(branch)) {
          mergedRefutations.merge(error.getInstanceLocation(), error, OneOfErrors::mergeAllowed);
        }
      } else if (!ruledOut.contains(branch.group(2))) {
        kept.add(error);
      }
    }
    kept.addAll(mergedRefutations.values());
    return kept;
  }

  private static Matcher branch(OutputUnit error) {
    if (error.getKeywordLocation() == null) {
      return null;
    }
    Matcher matcher = BRANCH.matcher(error.getKeywordLocation());
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

  private static boolean isMissing(OutputUnit error, Set<String> properties) {
    Matcher required = error.getError() == null ? null : MISSING.matcher(error.getError());
    return required != null && required.matches() && properties.contains(required.group(1));
  }

  private static OutputUnit mergeAllowed(OutputUnit first, OutputUnit second) {
    Matcher a = ALLOWED.matcher(first.getError());
    Matcher b = ALLOWED.matcher(second.getError());
    if (!a.matches() || !b.matches()) {
      return first;
    }
    return new OutputUnit()
        .setInstanceLocation(first.getInstanceLocation())
        .setKeywordLocation(first.getKeywordLocation())
        .setErrorType(first.getErrorType())
        .setError("Instance does not match any of [" + a.group(1) + ", " + b.group(1) + "]");
  }
}
