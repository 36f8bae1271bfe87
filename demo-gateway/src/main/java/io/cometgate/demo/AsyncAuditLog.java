package io.cometgate.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Writes the audit lines ({@code io.cometgate.audit}, one per request) from a background thread: the request's
 * thread (a Reactor Netty or Lettuce event loop) only queues the event, and the console encoding and write happen
 * on Logback's worker. The root logger's appenders, however Spring Boot configured them (plain or structured), are
 * each wrapped in an {@link AsyncAppender} attached to the audit logger alone; other logs are untouched.
 * <p>
 * No line is dropped: {@code discardingThreshold} is 0 (Logback's default drops INFO lines when the queue is 80 %
 * full) and {@code neverBlock} is false, so a console that cannot keep up slows requests down rather than losing
 * audit lines. {@code demo.audit-log.async=false} turns it off (for comparison).
 */
@Component
class AsyncAuditLog implements ApplicationListener<ApplicationStartedEvent> {

    static final String AUDIT_LOGGER = "io.cometgate.audit";

    static final int QUEUE_SIZE = 8192;

    static final String APPENDER_PREFIX = "ASYNC_AUDIT-";

    private final Environment environment;

    AsyncAuditLog(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (!this.environment.getProperty("demo.audit-log.async", Boolean.class, true)
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger audit = context.getLogger(AUDIT_LOGGER);
        if (!audit.isAdditive()) {
            return;
        }
        List<Appender<ILoggingEvent>> targets = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it
            .hasNext();) {
            targets.add(it.next());
        }
        if (targets.isEmpty()) {
            return;
        }
        // An AsyncAppender takes one appender: one queue per root appender (console, file...).
        for (Appender<ILoggingEvent> target : targets) {
            AsyncAppender async = new AsyncAppender();
            async.setName(APPENDER_PREFIX + target.getName());
            async.setContext(context);
            async.setQueueSize(QUEUE_SIZE);
            async.setDiscardingThreshold(0);
            async.setNeverBlock(false);
            async.setIncludeCallerData(false);
            async.addAppender(target);
            async.start();
            audit.addAppender(async);
        }
        audit.setAdditive(false);
    }

}
