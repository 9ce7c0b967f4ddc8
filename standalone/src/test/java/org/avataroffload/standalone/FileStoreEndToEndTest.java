package org.avataroffload.standalone;

import java.nio.file.Path;

import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end contract on the embedded default: masters in a local directory. */
class FileStoreEndToEndTest extends EndToEndContract {
    @TempDir
    static Path storeDir;

    @Override
    StoreConfig store() {
        return new FileStoreConfig(storeDir);
    }
}
