package org.avataroffload.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * Forums on a unix-domain socket, as Discourse's {@code web.socketed} template publishes its nginx. A socket's path
 * holds at most 107 bytes, which a JUnit {@code @TempDir} under a long build directory can pass: sockets live in a
 * short directory of their own under /tmp.
 */
public final class UnixSockets {
    private UnixSockets() {
    }

    /** A new, empty directory such as {@code /tmp/uds123}, for {@link #delete} when done. */
    public static Path newDirectory() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "uds");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for a socket under /tmp", e);
        }
    }

    /** Makes a server (not started yet) listen on {@code socket} too, speaking HTTP/1.1 as on its TCP port. */
    public static void listen(Server server, Path socket) {
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
    }

    /** Deletes the directory and whatever a test left in it (a socket file a stopped server did not remove). */
    public static void delete(Path directory) {
        if (!Files.exists(directory)) return;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
