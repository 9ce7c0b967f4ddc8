package org.avataroffload.testing;

import java.util.stream.Collectors;

/** An exchange written out for a person: what the forum got and what the client got, heads verbatim. */
public final class ExchangeText {
    private static final int LINE = 200;

    private ExchangeText() {
    }

    public static String of(String front, ExchangeDiff.Exchange exchange) {
        StringBuilder text = new StringBuilder("  through ").append(front).append(":\n");
        for (RecordingUpstream.Received upstreamRequest : exchange.upstreamRequests()) {
            text.append("    upstream got (connection ").append(upstreamRequest.connection()).append("): ")
                    .append(upstreamRequest.head().startLine()).append('\n');
            upstreamRequest.head().headerLines().forEach(l -> text.append("      ").append(cut(l)).append('\n'));
            text.append("      body ").append(upstreamRequest.bodyLength()).append(" bytes")
                    .append(upstreamRequest.bodyRead() ? "" : " (not read to its end)").append('\n');
        }
        RawClient.Response clientResponse = exchange.clientResponse();
        for (RawClient.Interim interim : clientResponse.interims()) {
            text.append("    client got interim at ").append(interim.atMillis()).append(" ms: ")
                    .append(interim.statusLine()).append('\n');
            interim.headerLines().forEach(l -> text.append("      ").append(cut(l)).append('\n'));
        }
        text.append("    client got: ").append(clientResponse.statusLine()).append('\n');
        clientResponse.headerLines().forEach(l -> text.append("      ").append(cut(l)).append('\n'));
        String arrivals = clientResponse.pieces().stream().limit(8).map(p -> p.endOffset() + "@" + p.atMillis() + "ms")
                .collect(Collectors.joining(" "));
        return text.append("      body ").append(clientResponse.bodyLength()).append(" bytes, ")
                .append(clientResponse.ending()).append(arrivals.isEmpty() ? "" : "; pieces " + arrivals).append('\n')
                .toString();
    }

    private static String cut(String line) {
        return line.length() <= LINE ? line : line.substring(0, LINE) + "… (" + line.length() + " chars)";
    }
}
