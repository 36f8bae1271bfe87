package io.cometgate.loadtests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, found from the build's working directory (a module's, or the root's). */
final class Repository {

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /** The nearest directory, from the working directory up, whose pom is CometGate's parent pom itself. */
    static Repository find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && "cometgate-parent".equals(MavenModule.parse(read(pom)).artifactId())) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("No CometGate parent pom above " + Path.of("").toAbsolutePath());
    }

    Path path(String relative) {
        return this.root.resolve(relative).normalize();
    }

    String text(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
