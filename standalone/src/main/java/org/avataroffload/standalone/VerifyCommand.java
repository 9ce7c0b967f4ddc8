package org.avataroffload.standalone;

import java.util.Deque;

import org.avataroffload.bulk.BulkJob;
import org.avataroffload.bulk.VerifyJob;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.route.Routes;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import picocli.CommandLine.Command;

/** {@code verify}: every master in the store must decode. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read every master in the store and render the smallest size of its route, as a request would. "
                + "Exit 0 when every master decodes; otherwise exit 1 and list the bad keys. Changes nothing.")
final class VerifyCommand extends BulkCommand {
    @Override
    int defaultConcurrency() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    BulkJob<?> job(OffloadConfig config, Deque<AutoCloseable> opened) {
        ObjectStore store = ObjectStores.open(config.store());
        opened.push(store);
        return VerifyJob.create(store, new Routes(config.routes()).all(), new ImagePipeline(config.images()), dryRun);
    }
}
