package io.cometgate.demo;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit lines go through one queue to the root logger's appenders, and none is lost on the way. */
class AsyncAuditLogTests {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private final Logger audit = this.context.getLogger(AsyncAuditLog.AUDIT_LOGGER);

    private final Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);

    private final ListAppender<ILoggingEvent> console = new ListAppender<>();

    /**
     * A demo started earlier in this JVM (any Spring Boot test class run before this one) leaves its async appenders
     * on the audit logger, which then is no longer additive and is skipped: start from Logback's own state.
     */
    @BeforeEach
    void startFromAnUntouchedAuditLogger() {
        restore();
    }

    @AfterEach
    void restore() {
        this.audit.detachAndStopAllAppenders();
        this.audit.setAdditive(true);
        this.root.detachAppender(this.console);
    }

    @Test
    void onApplicationEventWhenAsyncThenAuditLinesQueuedToRootAppendersAndNoneDropped() {
        this.console.setName("test-console");
        this.console.setContext(this.context);
        this.console.start();
        this.root.addAppender(this.console);

        new AsyncAuditLog(new MockEnvironment()).onApplicationEvent(null);
        for (int i = 0; i < 2 * AsyncAuditLog.QUEUE_SIZE; i++) {
            LoggerFactory.getLogger(AsyncAuditLog.AUDIT_LOGGER).info("event=test n={}", i);
        }
        AsyncAppender async = (AsyncAppender) this.audit.getAppender(AsyncAuditLog.APPENDER_PREFIX + "test-console");
        assertThat(this.audit.isAdditive()).isFalse();
        assertThat(async.iteratorForAppenders()).toIterable().contains(this.console);
        // Stopping drains the queue, as at shutdown.
        async.stop();

        assertThat(this.console.list).hasSize(2 * AsyncAuditLog.QUEUE_SIZE)
            .allSatisfy((event) -> assertThat(event.getLoggerName()).isEqualTo(AsyncAuditLog.AUDIT_LOGGER));
        assertThat(this.console.list.get(2 * AsyncAuditLog.QUEUE_SIZE - 1).getFormattedMessage())
            .isEqualTo("event=test n=" + (2 * AsyncAuditLog.QUEUE_SIZE - 1));
    }

    @Test
    void onApplicationEventWhenTurnedOffThenAuditLoggerUntouched() {
        new AsyncAuditLog(new MockEnvironment().withProperty("demo.audit-log.async", "false")).onApplicationEvent(null);

        assertThat(this.audit.iteratorForAppenders()).isExhausted();
        assertThat(this.audit.isAdditive()).isTrue();
    }

}
