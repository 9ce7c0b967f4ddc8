package org.avataroffload.standalone;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.avataroffload.testing.LoopbackServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An S3 bucket as a read-only key sees it: lists answer (empty), reads find nothing, every write is 403 AccessDenied.
 * s3proxy 3.0.0 has one identity and no bucket policies; its {@code s3proxy.read-only-blobstore} answers a write 501
 * with no S3 error code, which is not what S3 says to a key without s3:PutObject. Signatures are not checked.
 */
final class ReadOnlyS3 implements AutoCloseable {
    private static final String XML = "application/xml";
    private final Server server;

    private ReadOnlyS3(Server server) {
        this.server = server;
    }

    static ReadOnlyS3 start() {
        Server server = LoopbackServer.of(ReadOnlyS3::answer);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the read-only S3 stand-in", e);
        }
        return new ReadOnlyS3(server);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    private static void answer(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String query = request.getHttpURI().getQuery();
        if (method.equals("PUT") || method.equals("POST") || method.equals("DELETE")) {
            // the body read first: answered unread, the connection closes under the client still writing it, which
            // the SDK reports as an I/O error ("unreachable"), not as S3's 403
            Content.Source.consumeAll(request, Callback.from(() -> send(response, callback, 403,
                    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"), callback::failed));
        } else if (method.equals("GET") && query != null && query.contains("list-type=2")) {
            send(response, callback, 200, "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Name>avatars</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>"
                    + "<IsTruncated>false</IsTruncated></ListBucketResult>");
        } else if (method.equals("HEAD")) {
            response.setStatus(404);
            callback.succeeded();
        } else {
            send(response, callback, 404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                    + "</Message></Error>");
        }
    }

    private static void send(Response response, Callback callback, int status, String xml) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, XML);
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the read-only S3 stand-in", e);
        }
    }
}
