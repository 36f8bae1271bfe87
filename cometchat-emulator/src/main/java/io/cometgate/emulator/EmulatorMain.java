package io.cometgate.emulator;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

/**
 * Runs the emulator as a process: {@code java -jar cometchat-emulator-<version>-exec.jar}.
 *
 * <p>Each setting is read from a system property, else an environment variable, else a default:
 * <table>
 * <caption>Settings</caption>
 * <tr><th>property</th><th>environment</th><th>default</th></tr>
 * <tr><td>{@code emulator.port}</td><td>{@code EMULATOR_PORT}</td><td>{@code 8089}</td></tr>
 * <tr><td>{@code emulator.host}</td><td>{@code EMULATOR_HOST}</td><td>{@code 127.0.0.1}</td></tr>
 * <tr><td>{@code emulator.app-id}</td><td>{@code EMULATOR_APP_ID}</td><td>{@code demo-app}</td></tr>
 * <tr><td>{@code emulator.api-key}</td><td>{@code EMULATOR_API_KEY}</td>
 * <td>{@code dev-rest-api-key-0000000000000000}</td></tr>
 * <tr><td>{@code emulator.region}</td><td>{@code EMULATOR_REGION}</td><td>{@code us}</td></tr>
 * </table>
 * Knobs and counters are then reachable under {@code /_emulator} (see {@link AdminEndpoints}).
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // slf4j-simple reads these once, at the first logger: set them before any logging happens.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        CometChatEmulator emulator = CometChatEmulator.builder()
            .port(Integer.parseInt(setting("emulator.port", "8089")))
            .host(setting("emulator.host", "127.0.0.1"))
            .appId(setting("emulator.app-id", CometChatEmulator.DEFAULT_APP_ID))
            .apiKey(setting("emulator.api-key", CometChatEmulator.DEFAULT_API_KEY))
            .region(setting("emulator.region", CometChatEmulator.DEFAULT_REGION))
            .build()
            .start();
        LoggerFactory.getLogger(EmulatorMain.class)
            .info("Admin endpoints: {}/_emulator/health, /counters, /faults, /reset",
                    emulator.baseUrl().substring(0, emulator.baseUrl().length() - ApiRoute.BASE_PATH.length()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "cometchat-emulator-shutdown"));
        // The event loops are daemon threads: the main thread is what keeps the process alive.
        stopped.await();
    }

    /** {@code name} as a system property, else as an environment variable ({@code emulator.app-id} -> EMULATOR_APP_ID). */
    static String setting(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
        }
        return (value == null || value.isBlank()) ? defaultValue : value.trim();
    }
}
