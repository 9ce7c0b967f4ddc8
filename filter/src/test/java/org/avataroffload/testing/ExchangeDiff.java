package org.avataroffload.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compares one request shape as it went through a reference front (nginx) and through ours: what the upstream received
 * and what the client received, and names every difference in a sentence. Before comparing, header lines with these
 * names are set aside (nowhere else is anything normalised):
 * <ul>
 *   <li>{@code Date}: a clock;</li>
 *   <li>{@code Server}: each front's product name (nginx replaces the forum's own);</li>
 *   <li>{@code Connection}, {@code Keep-Alive}: hop-by-hop, each connection's own business;</li>
 *   <li>{@code X-Forwarded-*}: each front adds its own hop, value and spelling of the trust decision differ;</li>
 *   <li>{@code X-Accel-*} (client side only): nginx's own control headers from the forum, which nginx consumes and
 *       hides by design; a front that is not nginx passes them on, as it passes everything.</li>
 * </ul>
 */
public final class ExchangeDiff {
    private static final Set<String> SET_ASIDE = Set.of("date", "server", "connection", "keep-alive");
    private static final int SHOWN = 160;

    private ExchangeDiff() {
    }

    /** One shape through one front: the requests the upstream got, and the response the client got. */
    public record Exchange(List<RecordingUpstream.Received> upstreamRequests, RawClient.Response clientResponse) {
    }

    /** How to compare a shape: in full, or (an answer of the front's own, such as its 400 page) the status class. */
    public enum Check { FULL, FRONT_ANSWERS }

    /**
     * Every difference between nginx's exchange and ours, one line each, prefixed with the shape. Timing: each body
     * offset in {@code streamedMarks} must reach the client through ours no later than {@code slackMillis} after it
     * reached it through nginx (earlier is fine: a front that streams what nginx holds back delays nothing).
     */
    public static List<String> differences(String shape, Check check, Exchange nginx, Exchange ours,
                                           List<Long> streamedMarks, long slackMillis) {
        List<String> found = new ArrayList<>();
        compareUpstream(check, nginx.upstreamRequests(), ours.upstreamRequests(), found);
        if (ours.clientResponse().statusLine() == null) {
            found.add("client got no final answer through ours (" + ours.clientResponse().ending() + ")"
                    + (nginxAnswered(nginx) ? "" : ", nor through nginx"));
        } else if (!nginxAnswered(nginx)) {
            // nothing to compare the client's side with: see nginxAnswered
        } else if (check == Check.FULL) {
            compareClient(nginx.clientResponse(), ours.clientResponse(), found);
            compareTiming(nginx.clientResponse(), ours.clientResponse(), streamedMarks, slackMillis, found);
        } else {
            int nginxClass = nginx.clientResponse().status() / 100;
            int oursClass = ours.clientResponse().status() / 100;
            if (nginxClass != oursClass) {
                found.add("client status class nginx " + nginxClass + "xx ('" + nginx.clientResponse().statusLine()
                        + "') vs ours " + oursClass + "xx ('" + ours.clientResponse().statusLine() + "')");
            }
        }
        return found.stream().map(d -> "shape '" + shape + "': " + d).toList();
    }

    /**
     * Whether the client got a final answer through nginx. When it did not (nginx 1.22 hangs on a forum's 1xx), the
     * client's side is not compared: a front must answer, whatever nginx does; the forum's side still is.
     */
    public static boolean nginxAnswered(Exchange nginx) {
        return nginx.clientResponse().statusLine() != null;
    }

    private static void compareUpstream(Check check, List<RecordingUpstream.Received> nginx,
                                        List<RecordingUpstream.Received> ours, List<String> found) {
        if (nginx.size() != ours.size()) {
            found.add("upstream received " + nginx.size() + " request(s) through nginx, " + ours.size() + " through ours"
                    + (ours.isEmpty() ? "" : ": ours " + ours.stream().map(r -> "'" + r.head().startLine() + "'").toList()));
        }
        if (check == Check.FRONT_ANSWERS) return;
        for (int i = 0; i < Math.min(nginx.size(), ours.size()); i++) {
            String which = nginx.size() == 1 ? "upstream request" : "upstream request " + (i + 1);
            RecordingUpstream.Received n = nginx.get(i);
            RecordingUpstream.Received o = ours.get(i);
            line(which + " line", n.head().startLine(), o.head().startLine(), found);
            compareHeaders(which + " header", n.head().headerLines(), o.head().headerLines(), false, found);
            if (n.bodyLength() != o.bodyLength() || !n.bodySha256().equals(o.bodySha256())) {
                found.add(which + " body nginx " + n.bodyLength() + " bytes sha256 " + n.bodySha256().substring(0, 12)
                        + " vs ours " + o.bodyLength() + " bytes sha256 " + o.bodySha256().substring(0, 12));
            }
            if (n.bodyRead() != o.bodyRead()) {
                found.add(which + " body " + (n.bodyRead() ? "complete" : "incomplete") + " through nginx, "
                        + (o.bodyRead() ? "complete" : "incomplete") + " through ours");
            }
        }
    }

    private static void compareClient(RawClient.Response nginx, RawClient.Response ours, List<String> found) {
        if (nginx.interims().size() != ours.interims().size()) {
            found.add("client interim responses nginx " + nginx.interims().stream().map(RawClient.Interim::statusLine)
                    .toList() + " vs ours " + ours.interims().stream().map(RawClient.Interim::statusLine).toList());
        } else {
            for (int i = 0; i < nginx.interims().size(); i++) {
                line("client interim status line", nginx.interims().get(i).statusLine(),
                        ours.interims().get(i).statusLine(), found);
                compareHeaders("client interim header", nginx.interims().get(i).headerLines(),
                        ours.interims().get(i).headerLines(), true, found);
            }
        }
        line("client status line", nginx.statusLine(), ours.statusLine(), found);
        compareHeaders("client header", nginx.headerLines(), ours.headerLines(), true, found);
        if (nginx.bodyLength() != ours.bodyLength() || !nginx.bodySha256().equals(ours.bodySha256())) {
            found.add("client body nginx " + nginx.bodyLength() + " bytes " + preview(nginx.bodyStart()) + " vs ours "
                    + ours.bodyLength() + " bytes " + preview(ours.bodyStart()));
        }
        line("client response ending", nginx.ending(), ours.ending(), found);
    }

    private static void compareTiming(RawClient.Response nginx, RawClient.Response ours, List<Long> marks, long slack,
                                      List<String> found) {
        for (long mark : marks) {
            long nginxAt = arrival(nginx, mark);
            long oursAt = arrival(ours, mark);
            if (nginxAt >= 0 && (oursAt < 0 || oursAt > nginxAt + slack)) {
                found.add("streamed body byte " + mark + " reached the client " + nginxAt + " ms after the request "
                        + "through nginx, " + (oursAt < 0 ? "never" : oursAt + " ms") + " through ours (allowed: "
                        + slack + " ms later)");
            }
        }
    }

    /** When the client had {@code offset} bytes of body, or -1 if never. */
    public static long arrival(RawClient.Response response, long offset) {
        return response.pieces().stream().filter(p -> p.endOffset() >= offset).mapToLong(BodyDigest.Piece::atMillis)
                .findFirst().orElse(-1);
    }

    /**
     * Header lines compared name by name: missing, extra, changed, and the order of the lines of one name. The order
     * of lines of different names is not compared: it is not significant (RFC 9110 §5.3), and each server writes
     * some of its own (Content-Length, Host) where it likes.
     */
    static void compareHeaders(String what, List<String> nginxLines, List<String> oursLines, boolean toClient,
                               List<String> found) {
        List<String> nginx = kept(nginxLines, toClient);
        List<String> ours = kept(oursLines, toClient);
        Set<String> names = new LinkedHashSet<>();
        nginx.forEach(l -> names.add(name(l)));
        ours.forEach(l -> names.add(name(l)));
        for (String name : names) {
            List<String> n = named(nginx, name);
            List<String> o = named(ours, name);
            if (n.equals(o)) continue;
            if (o.isEmpty()) {
                found.add(what + " '" + original(n) + "' missing in ours: nginx " + shown(n));
            } else if (n.isEmpty()) {
                found.add(what + " '" + original(o) + "' only in ours: " + shown(o));
            } else if (n.size() != o.size()) {
                found.add(what + " '" + original(n) + "': nginx " + n.size() + " line(s) " + shown(n) + " vs ours "
                        + o.size() + " line(s) " + shown(o));
            } else {
                for (int i = 0; i < n.size(); i++) line(what + " line", n.get(i), o.get(i), found);
            }
        }
    }

    private static List<String> kept(List<String> lines, boolean toClient) {
        return lines.stream().filter(l -> {
            String name = name(l);
            return !SET_ASIDE.contains(name) && !name.startsWith("x-forwarded-")
                    && !(toClient && name.startsWith("x-accel-"));
        }).toList();
    }

    private static void line(String what, String nginx, String ours, List<String> found) {
        if (nginx == null ? ours != null : !nginx.equals(ours)) {
            found.add(what + " nginx " + quoted(nginx) + " vs ours " + quoted(ours));
        }
    }

    private static List<String> named(List<String> lines, String name) {
        return lines.stream().filter(l -> name(l).equals(name)).toList();
    }

    private static String name(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String original(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    private static String original(List<String> lines) {
        return original(lines.get(0));
    }

    private static String shown(List<String> lines) {
        return lines.stream().map(ExchangeDiff::quoted).toList().toString();
    }

    private static String quoted(String text) {
        if (text == null) return "(none)";
        return text.length() <= SHOWN ? "'" + text + "'"
                : "'" + text.substring(0, SHOWN) + "…' (" + text.length() + " chars)";
    }

    private static String preview(byte[] start) {
        String text = new String(start, 0, Math.min(start.length, 60), StandardCharsets.UTF_8)
                .replace("\r", "\\r").replace("\n", "\\n");
        return start.length == 0 ? "" : "starting '" + text + "'";
    }
}
