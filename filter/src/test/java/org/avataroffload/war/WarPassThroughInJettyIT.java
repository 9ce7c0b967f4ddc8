package org.avataroffload.war;

import java.nio.file.Path;

/** The WAR's pass-through in a real Jetty 12 ee10, its connector set as the README tells. */
class WarPassThroughInJettyIT extends WarPassThroughContract {
    @Override
    WarContainer startContainer(Path dir) throws Exception {
        return new JettyContainer(dir);
    }
}
