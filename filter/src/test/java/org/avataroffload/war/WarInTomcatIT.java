package org.avataroffload.war;

import java.nio.file.Path;
import java.util.Map;

import org.avataroffload.http.AvatarOffloadListener;

/**
 * The built WAR in a real embedded Tomcat 10.1. The config path is a context init-param, and a system property set
 * at the same time (to a file that does not exist) loses to it: the most specific setting wins.
 */
class WarInTomcatIT extends WarContract {
    @Override
    WarContainer startContainer(Path dir) throws Exception {
        return new TomcatContainer(dir);
    }

    @Override
    WarContainer.Deployment deploy(WarContainer container, Path war, Path config) throws Exception {
        String previous = System.setProperty(AvatarOffloadListener.CONFIG, "/nonexistent/loses-to-the-context-param.yml");
        try {
            return container.deploy(war, Map.of(AvatarOffloadListener.CONFIG, config.toString()));
        } finally {
            if (previous == null) System.clearProperty(AvatarOffloadListener.CONFIG);
            else System.setProperty(AvatarOffloadListener.CONFIG, previous);
        }
    }

    @Override
    String expectedConfigSource() {
        return "context init-param " + AvatarOffloadListener.CONFIG;
    }
}
