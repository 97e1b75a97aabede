package dev.conduit.app;

import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.CatalogException;
import dev.conduit.core.catalog.CatalogFiles;
import dev.conduit.core.catalog.CatalogLint;
import dev.conduit.core.catalog.CatalogLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code catalog check [DIR]} and {@code catalog list}: the connector catalog without a server. Like {@code token}
 * it starts no Vert.x and no logging framework, so people writing connector files get an answer in about the time
 * the JVM takes to start.
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Check or list the connector catalog.",
    subcommands = {CatalogCommand.Check.class, CatalogCommand.ListConnectors.class})
final class CatalogCommand extends CommandGroup {

  /** Exit status when the catalog has problems (picocli's own usage errors exit with 2). */
  static final int PROBLEMS = 1;

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
          "Validate the connector files as start-up does (the built-in catalog, or DIR merged over it), plus the "
              + "rules every published connector follows: https for every URL, no two connectors with the same id "
              + "or name, at least one category. Prints each problem with its file and field; exits with 1 when "
              + "there is any.",
          "",
          "Example: java -jar conduit.jar catalog check ./my-connectors"})
  static final class Check implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A directory of connector files (*.yaml) to merge"
        + " over the built-in catalog, as connectors.dir is at start-up.")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      CatalogFiles files = CatalogLoader.read(existingDirectory(spec, dir));
      List<String> problems = new ArrayList<>(files.problems());
      problems.addAll(CatalogLint.check(files));
      PrintWriter out = spec.commandLine().getOut();
      if (problems.isEmpty()) {
        out.println("checked " + files.files().size() + " connector files: no problems");
        return 0;
      }
      problems.forEach(out::println);
      out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in "
          + files.files().size() + " connector files");
      return PROBLEMS;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
          "Print the catalog (the built-in one, or DIR merged over it) as a table: id, name, auth type, categories "
              + "and the per-account ceiling.",
          "",
          "connectors/README.md is this command's --markdown output: "
              + "java -jar conduit.jar catalog list --markdown > connectors/README.md"})
  static final class ListConnectors implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A directory of connector files to merge over the"
        + " built-in catalog.")
    Path dir;

    @Option(names = "--markdown", description = "A Markdown table with each ceiling's source, as in "
        + "connectors/README.md.")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Catalog catalog;
      try {
        catalog = CatalogLoader.load(existingDirectory(spec, dir));
      } catch (CatalogException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("conduit: invalid connector catalog (run 'catalog check' for every problem):");
        e.problems().forEach(p -> err.println("  " + p));
        return PROBLEMS;
      }
      spec.commandLine().getOut().print(markdown ? CatalogTable.markdown(catalog) : CatalogTable.text(catalog));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static Path existingDirectory(CommandSpec spec, Path dir) {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "DIR: '" + dir + "' is not a directory");
    }
    return dir;
  }
}
