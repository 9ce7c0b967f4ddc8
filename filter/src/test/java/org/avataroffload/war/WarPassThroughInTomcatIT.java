package org.avataroffload.war;

import java.nio.file.Path;

/** The WAR's pass-through in a real embedded Tomcat 10.1, its connector set as the README tells. */
class WarPassThroughInTomcatIT extends WarPassThroughContract {
    @Override
    WarContainer startContainer(Path dir) throws Exception {
        return new TomcatContainer(dir);
    }
}
