package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.avataroffload.http.AvatarOffloadListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The built WAR in Debian's packaged Tomcat, deployed by the README's steps, with the config path in a context file:
 * what {@link WarContract} asks of any container, that Debian's stock ROOT page no longer hides the forum, that the
 * start line carries the version, and a clean undeploy (no thread left behind in Tomcat's own words).
 */
class DebianTomcatIT extends WarContract {
    private DebianTomcat tomcat;

    @Override
    WarContainer startContainer(Path dir) throws Exception {
        tomcat = DebianTomcat.startOrSkip(dir);
        return tomcat;
    }

    @Override
    WarContainer.Deployment deploy(WarContainer container, Path war, Path config) throws Exception {
        return container.deploy(war, Map.of(AvatarOffloadListener.CONFIG, config.toString()));
    }

    @Override
    String expectedConfigSource() {
        return "context init-param " + AvatarOffloadListener.CONFIG;
    }

    @Test
    void theStockRootPage_isGone_theForumAnswersTheRoot() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("X-Forum")).as("the forum's answer").hasValue("fake");
        assertThat(response.body()).doesNotContain("It works !");
    }

    /** Tomcat's own process logs through its JULI console handler: read what it wrote, not this JVM's logging. */
    @Test
    @Override
    void theFiltersLogLines_reachTheContainersLogging_namingWhereTheConfigCameFrom() {
        assertThat(tomcat.log()).contains("org.avataroffload.http.AvatarOffloadListener", "avatar-offload started",
                "(from " + expectedConfigSource() + ")");
        assertThat(tomcat.log()).as("the build gives the banner its version").containsPattern("avatar-offload [0-9][^ ]* started");
    }

    /** Runs after WarContract's undeploy (a subclass's @AfterAll comes first: so undeploy here, and check). */
    @AfterAll
    void undeploysCleanly() throws Exception {
        if (deployment == null) return;
        deployment.undeploy();
        deployment = null; // WarContract's own @AfterAll then only stops Tomcat
        assertThat(tomcat.log()).as("Tomcat's leak detection at undeploy")
                .doesNotContain("appears to have started a thread", "failed to stop it", "SEVERE");
    }
}
