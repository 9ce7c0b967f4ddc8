package org.avataroffload.standalone;

import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.VerifyJob;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.Routes;
import org.avataroffload.store.ObjectStore;
import picocli.CommandLine.Command;

/** {@code verify}: every master in the store must decode. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read every master in the store and render the smallest size of its route, as a request would. "
                + "Exit 0 when every master decodes; otherwise exit 1 and list the bad keys. Changes nothing.")
final class VerifyCommand extends BulkCommand {
    VerifyCommand() {
        super(Runtime.getRuntime().availableProcessors());
    }

    @Override
    BulkJob<?> job(OffloadConfig config, Opened opened) {
        ObjectStore store = opened.store(config);
        return VerifyJob.create(store, new Routes(config.routes()).all(), new ImagePipeline(config.images()));
    }
}
