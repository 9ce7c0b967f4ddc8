package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.avataroffload.http.AccessLog;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;
import org.yaml.snakeyaml.Yaml;

/** The standalone jar's logging: logback is the one SLF4J provider, and its logback.xml does what the README says. */
class LoggingSetupTest {
    @Test
    void logback_isTheOnlySlf4jProvider() {
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(provider -> provider.type().getName()).toList();

        assertThat(providers).singleElement().asString().startsWith("ch.qos.logback.classic");
    }

    @Test
    void byDefault_textToStderr_andAccessLinesBareToStdout() throws Exception {
        LoggerContext context = configured(Map.of());

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> text = (ConsoleAppender<ILoggingEvent>) root.getAppender("text");
        assertThat(text.getTarget()).isEqualTo("System.err");
        Logger access = context.getLogger(AccessLog.LOGGER);
        assertThat(access.isAdditive()).as("access lines are not repeated in the application log").isFalse();
        ConsoleAppender<ILoggingEvent> accessOut = (ConsoleAppender<ILoggingEvent>) access.getAppender("access");
        assertThat(accessOut.getTarget()).isEqualTo("System.out");
        String line = "127.0.0.1 - - [26/Nov/2026:10:51:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" route=- outcome=passthrough";
        byte[] encoded = accessOut.getEncoder().encode(event(access, line));
        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
        assertThat(context.getLogger("org.avataroffload").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(((LayoutWrappingEncoder<ILoggingEvent>) text.getEncoder()).getLayout()).isNotNull();
        context.stop();
    }

    @Test
    void jsonFormat_andLevel_comeFromTheirVariables() throws Exception {
        LoggerContext context = configured(Map.of("AVATAR_OFFLOAD_LOG_FORMAT", "json", "AVATAR_OFFLOAD_LOG_LEVEL", "DEBUG"));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("text")).isNull();
        ConsoleAppender<ILoggingEvent> json = (ConsoleAppender<ILoggingEvent>) root.getAppender("json");
        assertThat(json.getTarget()).isEqualTo("System.err");
        assertThat(json.getEncoder()).isInstanceOf(JsonEncoder.class);
        String encoded = new String(json.getEncoder().encode(event(context.getLogger("org.avataroffload.X"),
                "a \"quoted\" message {}", 42)), StandardCharsets.UTF_8);
        assertThat(encoded.strip()).doesNotContain("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) new Yaml().load(encoded);
        assertThat(parsed).containsEntry("level", "INFO").containsEntry("loggerName", "org.avataroffload.X")
                .containsEntry("formattedMessage", "a \"quoted\" message 42").doesNotContainKey("context");
        assertThat(context.getLogger("org.avataroffload").getLevel()).isEqualTo(Level.DEBUG);
        context.stop();
    }

    /** The jar's own logback.xml (not the tests' logback-test.xml), read into a context of its own. */
    private static LoggerContext configured(Map<String, String> properties) throws Exception {
        URL config = LoggingSetupTest.class.getResource("/logback.xml");
        assertThat(config).as("logback.xml in the jar").isNotNull();
        LoggerContext context = new LoggerContext();
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        return context;
    }

    private static LoggingEvent event(Logger logger, String message, Object... arguments) {
        return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, arguments);
    }
}
