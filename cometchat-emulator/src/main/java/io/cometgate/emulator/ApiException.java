package io.cometgate.emulator;

import java.util.List;
import java.util.Map;

/**
 * An answer in CometChat's error envelope, raised where the problem is found and rendered once at the HTTP edge.
 *
 * <p>It is an expected outcome, not a bug, so it carries no stack trace (cheap under load tests).
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private final String code;

    private final String devMessage;

    private final Map<String, List<String>> details;

    ApiException(int status, String code, String message, String devMessage, Map<String, List<String>> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.devMessage = devMessage;
        this.details = (details == null) ? Map.of() : details;
    }

    int status() {
        return this.status;
    }

    String code() {
        return this.code;
    }

    String devMessage() {
        return this.devMessage;
    }

    /** Field name to validation messages; empty when the error has no {@code details}. */
    Map<String, List<String>> details() {
        return this.details;
    }
}
