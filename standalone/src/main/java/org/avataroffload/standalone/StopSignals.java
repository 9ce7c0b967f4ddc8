package org.avataroffload.standalone;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, not as the JVM's own exit. The JVM's default turns both into
 * shutdown hooks and an exit status of 143 or 130, which a service manager reports as a failure; with these handlers
 * the main thread stops the server, lets requests in flight finish, and exits 0 itself.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the only way in the JDK to handle a signal without exiting;
 * where it cannot be used (a JVM run with {@code -Xrs}, a platform without the signal) the shutdown hook the caller
 * keeps still stops the server gracefully, only with the JVM's exit status.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> NAMES = List.of("TERM", "INT");

    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String first;

    private StopSignals() {
    }

    /** Handles TERM and INT from now on (each that can be: the others are logged and left to the JVM). */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), signals::received);
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot handle SIG{} ({}); it stops the server through the JVM's shutdown instead", name,
                        e.getMessage());
            }
        }
        return signals;
    }

    private void received(Signal signal) {
        // runs on the JVM's signal thread: only record it; a second signal while stopping changes nothing
        if (first == null) first = "SIG" + signal.getName();
        received.countDown();
    }

    /** Blocks until TERM or INT arrives; returns its name. */
    String await() throws InterruptedException {
        received.await();
        return first;
    }
}
