package io.bitscale.cli;

import io.bitscale.model.spec.ModelRegistry;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Lists the model specs this build knows. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models a spec can name (see docs/specs.md for the grammar).")
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (ModelRegistry.Entry entry : Plugins.registry().entries()) {
            System.out.printf("  %-10s %s%n", entry.name(), entry.summary());
        }
        return ExitCode.OK;
    }
}
