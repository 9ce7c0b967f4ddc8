package org.avataroffload.standalone;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;

/**
 * Not a test: measures the objects per second of {@code migrate} (streamed between two s3proxy instances, and
 * server-side within one) and of {@code warm} (FakeForum into s3proxy), each over N avatars (288×288 PNGs, as the
 * forum stores them), through the real commands in this JVM. Run by {@code bench/bulk-throughput.sh [N]}.
 */
final class BulkThroughput {
    private BulkThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path work = Files.createTempDirectory("bulk-throughput-");
        try (S3ProxyServer tokyo = S3ProxyServer.launch(); S3ProxyServer seoul = S3ProxyServer.launch();
             FakeForum forum = FakeForum.start()) {
            System.setProperty("aws.accessKeyId", tokyo.identity());
            System.setProperty("aws.secretAccessKey", tokyo.credential());
            tokyo.createBucket("old");
            tokyo.createBucket("same-endpoint");
            seoul.createBucket("other-endpoint");
            seoul.createBucket("warmed");
            long bytes = fill(tokyo, n);
            System.out.printf(Locale.ROOT, "%d masters, %d bytes each on average%n", n, bytes / n);
            List<String> from = List.of("--from", "s3://old/tokyo", "--from-region", "ap-northeast-1",
                    "--from-endpoint", tokyo.endpoint().toString(), "--from-path-style");

            measure("migrate, streamed between two s3proxy instances", "migrate", "--config",
                    BulkCli.s3Config(work.resolve("a.yml"), seoul.endpoint(), "other-endpoint", "").toString(), from);
            measure("migrate again, all skipped-identical (a resumed run)", "migrate", "--config",
                    work.resolve("a.yml").toString(), from);
            measure("migrate, server-side copy within one s3proxy", "migrate", "--config",
                    BulkCli.s3Config(work.resolve("b.yml"), tokyo.endpoint(), "same-endpoint", "").toString(), from);

            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                forum.withUser("user" + i, new Color((i * 0x9E3779B1) & 0xFFFFFF));
                lines.add("/user_avatar/forum.example.com/user" + i + "/288/" + i + "_2.png");
            }
            Path list = Files.write(work.resolve("list.txt"), lines);
            Path warmConfig = BulkCli.write(work.resolve("c.yml"), Files.readString(BulkCli.s3Config(
                    work.resolve("c0.yml"), seoul.endpoint(), "warmed", "")).replace(BulkCli.upstream(null),
                    BulkCli.upstream(forum.uri())));
            measure("warm, FakeForum into s3proxy (default concurrency 4)", "warm", "--config", warmConfig.toString(),
                    List.of("--route", "user_avatar", "--from-list", list.toString()));
            seoul.createBucket("warmed8");
            Path warm8 = BulkCli.write(work.resolve("d.yml"), Files.readString(warmConfig).replace("warmed", "warmed8"));
            measure("warm, FakeForum into s3proxy, --concurrency 8", "warm", "--config", warm8.toString(),
                    List.of("--route", "user_avatar", "--from-list", list.toString(), "--concurrency", "8"));
        }
    }

    private static long fill(S3ProxyServer s3, int n) {
        long bytes = 0;
        try (ObjectStore old = new S3ObjectStore(s3.config("old", "tokyo/"), s3.credentials())) {
            for (int i = 0; i < n; i++) {
                byte[] png = FakeForum.png(288, new Color((i * 0x9E3779B1) & 0xFFFFFF));
                old.put("masters/user_avatar/forum.example.com/user" + i + "/" + i + "_2", png, "image/png");
                bytes += png.length;
            }
        }
        return bytes;
    }

    private static void measure(String what, String command, String configFlag, String config, List<String> more) {
        List<String> args = new ArrayList<>(List.of(command, configFlag, config));
        args.addAll(more);
        long start = System.nanoTime();
        BulkCli.Run run = BulkCli.run(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n== %s: exit %d, %.1f s in all (listing included)%n%s", what, run.exit(), seconds,
                run.out());
    }
}
