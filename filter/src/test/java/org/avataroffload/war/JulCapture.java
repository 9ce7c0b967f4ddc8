package org.avataroffload.war;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what reaches one java.util.logging logger (and those below it): the logging both containers capture,
 * Tomcat through JULI, Jetty through its logging-jul-capture module. Close it to take the handler off again.
 */
final class JulCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    // held strongly: JUL keeps loggers only weakly, and a collected logger would drop the handler
    private final Logger logger;
    private final Level previousLevel;

    private JulCapture(String loggerName, Level level) {
        this.logger = Logger.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        setLevel(level);
        logger.setLevel(level);
        logger.addHandler(this);
    }

    static JulCapture on(String loggerName, Level level) {
        return new JulCapture(loggerName, level);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records' logger names and messages with their parameters filled in, one a line, for assertions. */
    List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + formatted(r)).toList();
    }

    private static String formatted(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = String.valueOf(record.getMessage());
        return parameters == null || parameters.length == 0
                ? message : java.text.MessageFormat.format(message.replace("'", "''"), parameters);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
