package org.avataroffload.standalone;

import org.avataroffload.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.avataroffload.bulk.Progress;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private final AtomicLong done = new AtomicLong();

    private Progress progress() {
        return new Progress("import", 100, done.get(), 0, Duration.ofSeconds(2));
    }

    private static String awaitText(StringWriter text, String expected) {
        return Eventually.valueWithin(Duration.ofSeconds(10), text::toString, written -> written.contains(expected));
    }

    @Test
    void notOnATerminal_printsAPlainLineEveryPeriod() throws InterruptedException {
        StringWriter text = new StringWriter();
        done.set(40);
        try (ProgressDisplay display = ProgressDisplay.start(this::progress, new PrintWriter(text), false, 80,
                Duration.ofMillis(20))) {
            assertThat(awaitText(text, "import: 40/100 (40%)")).contains("import: 40/100 (40%), 0 failed, 20.0/s");
            done.set(60);
            assertThat(awaitText(text, "import: 60/100")).doesNotContain("\r").contains("\n");
        }
    }

    @Test
    void onATerminal_redrawsOneLine_andEndsItOnClose() throws InterruptedException {
        StringWriter text = new StringWriter();
        done.set(50);
        ProgressDisplay display = ProgressDisplay.start(this::progress, new PrintWriter(text), true, 80, Duration.ofMillis(20));
        awaitText(text, "50/100");
        done.set(100);
        display.close();

        String shown = text.toString();
        assertThat(shown).startsWith("\rimport [").contains("\u001B[K").endsWith("ETA 0:00\u001B[K" + System.lineSeparator());
        String drawn = shown.substring(0, shown.length() - System.lineSeparator().length());
        assertThat(drawn).as("redrawn with \\r, one line break at the end only").doesNotContain("\n");
    }
}
