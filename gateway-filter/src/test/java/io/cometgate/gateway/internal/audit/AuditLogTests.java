package io.cometgate.gateway.internal.audit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
public class AuditLogTests {

    public static AuditLog.AuditEntry entry(String uid, String outcome) {
        return new AuditLog.AuditEntry("cometchat.token.mint", "cometchat-token", "app1", uid, outcome, 200,
                Duration.ofMillis(3), 0);
    }

    @Test
    void recordByDefaultThenEveryRequestWritesALine(CapturedOutput output) {
        AuditLog auditLog = new AuditLog();

        auditLog.record(entry("audit-default-cached", "CACHED"));
        auditLog.record(entry("audit-default-minted", "MINTED"));

        assertThat(output).contains("uid=audit-default-cached outcome=CACHED")
            .contains("uid=audit-default-minted outcome=MINTED");
    }

    @Test
    void recordWhenCachedHandOutsLeftOutThenOnlyCacheHitsWriteNoLine(CapturedOutput output) {
        AuditLog auditLog = new AuditLog(false);

        auditLog.record(entry("audit-lean-cached", "CACHED"));
        auditLog.record(entry("audit-lean-shared", "SHARED"));
        auditLog.record(entry("audit-lean-minted", "MINTED"));
        auditLog.record(entry("audit-lean-limited", "RATE_LIMITED"));

        assertThat(output).doesNotContain("audit-lean-cached")
            .contains("uid=audit-lean-shared outcome=SHARED")
            .contains("uid=audit-lean-minted outcome=MINTED")
            .contains("uid=audit-lean-limited outcome=RATE_LIMITED");
    }

}
