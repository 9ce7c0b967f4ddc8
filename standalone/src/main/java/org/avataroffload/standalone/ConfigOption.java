package org.avataroffload.standalone;

import java.nio.file.Path;

import org.avataroffload.config.ConfigException;
import org.avataroffload.http.AvatarOffloadListener;

/** Where every command finds its config: {@code --config FILE}, else the file named by {@code OFFLOAD_CONFIG}. */
final class ConfigOption {
    private ConfigOption() {
    }

    static Path resolve(Path given) {
        if (given != null) return given;
        String fromEnv = System.getenv(AvatarOffloadListener.CONFIG_ENV);
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new ConfigException("no config file: give --config FILE or set " + AvatarOffloadListener.CONFIG_ENV);
        }
        return Path.of(fromEnv);
    }
}
