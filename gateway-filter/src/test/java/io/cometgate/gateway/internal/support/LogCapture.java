package io.cometgate.gateway.internal.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Every log event of some loggers, at a level of the test's choosing (TRACE to see all), as the text an appender
 * would write: the message, and each exception with its causes, suppressed exceptions and stack frames.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private final Map<Logger, Level> previousLevels = new ConcurrentHashMap<>();

    private LogCapture() {
    }

    /**
     * @param level the level the loggers are set to while capturing
     * @param loggerNames the loggers (their children included)
     * @return the capture; close it to restore the levels
     */
    public static LogCapture of(Level level, String... loggerNames) {
        LogCapture capture = new LogCapture();
        capture.appender.start();
        for (String name : loggerNames) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            // ALL stands for "inherited" (a map holds no null).
            capture.previousLevels.put(logger, (logger.getLevel() != null) ? logger.getLevel() : Level.ALL);
            logger.setLevel(level);
            logger.addAppender(capture.appender);
        }
        return capture;
    }

    /** The events so far. */
    public List<ILoggingEvent> events() {
        synchronized (this.appender.list) {
            return new ArrayList<>(this.appender.list);
        }
    }

    /** All captured text: messages, arguments and exceptions, one event per line. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                .append(event.getFormattedMessage()).append('\n');
            append(text, event.getThrowableProxy());
        }
        return text.toString();
    }

    private static void append(StringBuilder text, IThrowableProxy throwable) {
        if (throwable == null) {
            return;
        }
        text.append(throwable.getClassName()).append(": ").append(throwable.getMessage()).append('\n');
        for (StackTraceElementProxy frame : throwable.getStackTraceElementProxyArray()) {
            text.append("  ").append(frame.getSTEAsString()).append('\n');
        }
        for (IThrowableProxy suppressed : throwable.getSuppressed()) {
            append(text, suppressed);
        }
        append(text, throwable.getCause());
    }

    @Override
    public void close() {
        this.previousLevels.forEach((logger, level) -> {
            logger.detachAppender(this.appender);
            logger.setLevel(level == Level.ALL ? null : level);
        });
        this.appender.stop();
    }

}
