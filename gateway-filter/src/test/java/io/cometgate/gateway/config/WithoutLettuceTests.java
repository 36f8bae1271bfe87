package io.cometgate.gateway.config;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lettuce and Bucket4j's Lettuce module are optional: a gateway without them must start. A filtered class loader
 * cannot prove it (the classes stay loadable), so this runs {@link WithoutLettuceMain} in a JVM whose class path
 * really lacks them.
 */
class WithoutLettuceTests {

    @Test
    void autoConfigurationStartsAndLimitsPerReplicaWithoutLettuceOnTheClassPath() throws Exception {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutLettuce = Arrays.stream(testClassPath.split(File.pathSeparator))
            .filter((entry) -> !entry.contains("lettuce") && !entry.contains("bucket4j_jdk17-redis-common"))
            .collect(Collectors.joining(File.pathSeparator));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                withoutLettuce, WithoutLettuceMain.class.getName())
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(withoutLettuce).doesNotContain("lettuce-core");
        assertThat(output).contains("decision allowed=true").contains("not on the class path");
        assertThat(process.exitValue()).as(output).isZero();
    }

}
