package io.cometgate.loadtests.deploy;

import java.util.ArrayList;
import java.util.List;

/** The instructions of a Dockerfile the tests check: its {@code COPY} sources and {@code EXPOSE}d ports. */
final class Dockerfile {

    private final List<String[]> instructions = new ArrayList<>();

    private Dockerfile(String text) {
        // Continuation lines joined and comments dropped, as Docker reads them.
        for (String line : text.replace("\\\n", " ").split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                this.instructions.add(trimmed.split("\\s+"));
            }
        }
    }

    static Dockerfile parse(String text) {
        return new Dockerfile(text);
    }

    /** The sources of every {@code COPY} (all arguments but the last, options excluded). */
    List<String> copySources() {
        List<String> sources = new ArrayList<>();
        for (String[] instruction : instructions("COPY")) {
            for (int i = 1; i < instruction.length - 1; i++) {
                if (!instruction[i].startsWith("--")) {
                    sources.add(instruction[i]);
                }
            }
        }
        return sources;
    }

    List<Integer> exposedPorts() {
        List<Integer> ports = new ArrayList<>();
        for (String[] instruction : instructions("EXPOSE")) {
            for (int i = 1; i < instruction.length; i++) {
                ports.add(Integer.parseInt(instruction[i].replace("/tcp", "")));
            }
        }
        return ports;
    }

    private List<String[]> instructions(String keyword) {
        return this.instructions.stream().filter((instruction) -> instruction[0].equalsIgnoreCase(keyword)).toList();
    }

}
