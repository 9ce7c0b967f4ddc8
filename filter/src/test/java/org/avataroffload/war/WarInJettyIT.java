package org.avataroffload.war;

import java.nio.file.Path;
import java.util.Map;

import org.avataroffload.http.AvatarOffloadListener;

/** The built WAR in Jetty 12 ee10 ({@code WebAppContext}). The config path is the system property alone. */
class WarInJettyIT extends WarContract {
    @Override
    WarContainer startContainer(Path dir) throws Exception {
        return new JettyContainer(dir);
    }

    @Override
    WarContainer.Deployment deploy(WarContainer container, Path war, Path config) throws Exception {
        // read once, when the listener starts; cleared at once so no later test in this JVM inherits it
        String previous = System.setProperty(AvatarOffloadListener.CONFIG, config.toString());
        try {
            return container.deploy(war, Map.of());
        } finally {
            if (previous == null) System.clearProperty(AvatarOffloadListener.CONFIG);
            else System.setProperty(AvatarOffloadListener.CONFIG, previous);
        }
    }

    @Override
    String expectedConfigSource() {
        return "system property " + AvatarOffloadListener.CONFIG;
    }
}
