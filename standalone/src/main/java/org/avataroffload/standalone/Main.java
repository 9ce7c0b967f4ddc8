package org.avataroffload.standalone;

import org.avataroffload.Release;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar avatar-offload.jar <command>}: the standalone proxy and its tools. */
@Command(name = "avatar-offload", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An avatar server in front of a forum: it answers avatar URLs from a store and passes "
                + "everything else to the forum.",
        subcommands = {ServeCommand.class, ImportCommand.class, WarmCommand.class, MigrateCommand.class,
                VerifyCommand.class, CheckConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every command, as {@link #main} runs it; tests run it in-process. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // a usage error is one line, as a config error is: the usage text is a --help away
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
            // a mistyped command or option: picocli's "Did you mean" on a line of its own
            CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"avatar-offload " + Release.version().orElse("(development build)")};
        }
    }
}
