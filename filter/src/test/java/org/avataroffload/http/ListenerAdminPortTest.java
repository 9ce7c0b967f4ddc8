package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.ServletContextEvent;
import org.avataroffload.AvatarOffload;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a servlet container there is no connector of ours: admin.port is refused at start, in one line. */
class ListenerAdminPortTest {
    @TempDir
    Path dir;

    @Test
    void adminPort_isRefusedInAServletContainer_namingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("offload.yml"), """
                upstream:
                  url: http://127.0.0.1:9
                admin:
                  port: 9100
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes: [48]
                    source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                """);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(AvatarOffloadListener.CONFIG, config.toString());

        Throwable thrown = catchThrowable(() -> new AvatarOffloadListener()
                .contextInitialized(new ServletContextEvent(context.getServletContext())));

        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        assertThat(thrown.getMessage()).contains("admin.port", "standalone", "admin.token").doesNotContain("\n");
        assertThat(context.getServletContext().getAttribute(AvatarOffload.class.getName())).isNull();
    }
}
