package org.avataroffload.standalone.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The demo forum's front page: every user's avatar at several sizes, as the browser fetches them through the proxy. */
final class DemoPage {
    private static final int[] SIZES = {24, 48, 96, 144, 288};

    private DemoPage() {
    }

    /**
     * @param host  the forum's host name in avatar URLs
     * @param admin where the admin endpoints are, as a link: {@code admin.path}, or an absolute URL on admin.port
     */
    static String html(String host, String admin) {
        StringBuilder rows = new StringBuilder();
        int id = 1;
        for (DemoAvatars.User user : DemoAvatars.USERS) {
            rows.append("<tr><th>").append(user.name()).append(user.jpeg() ? " <small>(JPEG)</small>" : "")
                    .append("</th>");
            for (int size : SIZES) {
                rows.append("<td><img src=\"").append(url(host, user.name(), size, id)).append("\" width=\"")
                        .append(Math.min(size, 96)).append("\" alt=\"").append(size).append("\" title=\"").append(size)
                        .append(" px\"></td>");
            }
            rows.append("</tr>\n");
            id++;
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>avatar-offload demo forum</title>
                <style>
                body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; color: #222; }
                img { border-radius: 50%%; vertical-align: middle; }
                td, th { padding: .4rem .8rem; text-align: left; }
                code { background: #f3f3f3; padding: 0 .3rem; }
                </style></head>
                <body>
                <h1>avatar-offload demo forum</h1>
                <p>This page comes from a small demo forum running inside avatar-offload. Every avatar below is an
                avatar URL the way Discourse writes them. avatar-offload answers them itself: the first time, it
                fetches the master (the largest size) from the forum once and keeps it in its store
                (<code>./data/store</code>); then it makes each size, caches it (<code>./data/cache</code>) and serves it
                with headers a CDN keeps for a year. Reload the page: nothing goes to the forum any more.</p>
                <table>
                <tr><th>user</th><th>24</th><th>48</th><th>96</th><th>144</th><th>288</th></tr>
                %s</table>
                <p>An unknown user gets the forum's own blank avatar, passed through and never stored:
                <img src="%s" width="48" alt="blank"> &mdash; and a size that is not allowed (100) is redirected to
                the nearest one (96): <img src="%s" width="48" alt="100 redirected to 96">.</p>
                <p>What happened so far: <a href="%4$s/">the status page</a> (requests, hit rates, the most asked
                avatars), <a href="%4$s/health">%4$s/health</a> and <a href="%4$s/metrics">%4$s/metrics</a>.</p>
                </body></html>
                """.formatted(rows, url(host, "nobody", 48, 99), url(host, "alice", 100, 1), escape(admin));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String url(String host, String username, int size, int id) {
        return "/user_avatar/" + host + "/" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "/" + size + "/"
                + id + "_2.png";
    }
}
