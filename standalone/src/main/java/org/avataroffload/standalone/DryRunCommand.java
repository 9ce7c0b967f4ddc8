package org.avataroffload.standalone;

import picocli.CommandLine.Option;

/** A bulk command that changes the store, and so has {@code --dry-run}: import, warm, migrate (verify changes nothing). */
abstract class DryRunCommand extends BulkCommand {
    DryRunCommand(int defaultConcurrency) {
        super(defaultConcurrency);
    }

    @Option(names = "--dry-run", description = "report what would be done, and change nothing")
    void dryRun(boolean on) {
        dryRun = on;
    }
}
