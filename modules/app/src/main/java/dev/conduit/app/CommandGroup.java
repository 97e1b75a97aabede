package dev.conduit.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code keys}, {@code catalog}): named alone, it prints its usage, which
 * lists them.
 */
abstract class CommandGroup implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
