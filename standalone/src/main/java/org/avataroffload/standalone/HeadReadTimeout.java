package org.avataroffload.standalone;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a new connection that has not sent one whole request head within the time given, as nginx's
 * {@code client_header_timeout} does. Jetty bounds only silence: a client trickling a byte now and then would hold
 * its connection (and a slot of {@code server.maxConnections}) forever. Once a head has arrived, the idle timeout
 * governs the connection.
 */
final class HeadReadTimeout implements Connection.Listener {
    private final Scheduler scheduler;
    private final long millis;

    HeadReadTimeout(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.millis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        scheduler.schedule(() -> {
            // the socket, not the connection: Jetty would answer a head cut short with a 500 of its own
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) connection.getEndPoint().close();
        }, millis, TimeUnit.MILLISECONDS);
    }
}
