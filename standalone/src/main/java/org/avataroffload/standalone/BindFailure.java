package org.avataroffload.standalone;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why a port could not be listened on, named by its config key: {@code server.port 8080 is already in use}. Shared by
 * {@code serve} (for Jetty's "Failed to bind") and {@code check-config}, so both say the same thing.
 */
final class BindFailure {
    private BindFailure() {
    }

    /**
     * @param portKey {@code server.port} or {@code admin.port}; the matching {@code .host} key is named when the
     *                address is the problem
     */
    static String describe(String portKey, String host, int port, Exception e) {
        String hostKey = portKey.replace(".port", ".host");
        if (causedBy(e, UnresolvedAddressException.class)) return hostKey + " " + host + ": unknown host";
        String message = bindMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("in use")) return portKey + " " + port + " is already in use";
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            return portKey + " " + port + ": permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE)";
        }
        if (lower.contains("assign requested address")) return hostKey + " " + host + " is not an address of this machine";
        return portKey + " " + host + ":" + port + ": " + message;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** The operating system's words, from the BindException under Jetty's own wrapping when there is one. */
    private static String bindMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException && t.getMessage() != null) return t.getMessage();
        }
        return DependencyCheck.reason(e);
    }
}
