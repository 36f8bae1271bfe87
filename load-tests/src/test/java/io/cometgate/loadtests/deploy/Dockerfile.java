package io.cometgate.loadtests.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile the tests check: its base images, the sources it copies from the build context
 * ({@code ${ARG}} taken at the {@code ARG}'s default, as {@code docker build} does without {@code --build-arg}), its
 * {@code EXPOSE}d ports.
 */
final class Dockerfile {

    private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

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

    private Dockerfile(List<String[]> instructions) {
        this.instructions.addAll(instructions);
    }

    static Dockerfile parse(String text) {
        return new Dockerfile(text);
    }

    /** The names of the stages ({@code FROM image AS name}), in file order. */
    List<String> stageNames() {
        return instructions("FROM").stream()
            .filter((from) -> from.length == 4 && from[2].equalsIgnoreCase("AS"))
            .map((from) -> from[3])
            .toList();
    }

    /** The images {@code FROM} names that are not stages of this file: what must exist before a build. */
    List<String> externalBaseImages() {
        List<String> stages = stageNames();
        return baseImages().stream().filter((image) -> !stages.contains(image)).distinct().toList();
    }

    /**
     * What {@code docker build --target name} runs: the stage's instructions after those of the stage it is built
     * {@code FROM}, if that is a stage of this file too.
     */
    Dockerfile target(String name) {
        List<String[]> own = new ArrayList<>();
        String parent = null;
        boolean inStage = false;
        for (String[] instruction : this.instructions) {
            if (instruction[0].equalsIgnoreCase("FROM")) {
                inStage = instruction.length == 4 && instruction[3].equals(name);
                if (inStage) {
                    parent = instruction[1];
                }
            }
            if (inStage) {
                own.add(instruction);
            }
        }
        if (own.isEmpty()) {
            throw new AssertionError("The Dockerfile has no stage '" + name + "'");
        }
        List<String[]> all = new ArrayList<>();
        if (stageNames().contains(parent)) {
            all.addAll(target(parent).instructions);
        }
        all.addAll(own);
        return new Dockerfile(all);
    }

    /** The images of every {@code FROM}, stages included ({@code FROM image AS name}). */
    List<String> baseImages() {
        return instructions("FROM").stream().map((instruction) -> instruction[1]).toList();
    }

    /** The defaults of the {@code ARG}s ({@code ARG NAME=value}); an {@code ARG} without one maps to {@code ""}. */
    Map<String, String> argDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String[] instruction : instructions("ARG")) {
            String[] nameAndValue = instruction[1].split("=", 2);
            defaults.put(nameAndValue[0], (nameAndValue.length > 1) ? nameAndValue[1] : "");
        }
        return defaults;
    }

    /** The sources of every {@code COPY} written in the file, {@code ${ARG}}s as written. */
    List<String> copySourcesAsWritten() {
        List<String> sources = new ArrayList<>();
        for (String[] instruction : instructions("COPY")) {
            if (copiesFromBuildContext(instruction)) {
                for (int i = 1; i < instruction.length - 1; i++) {
                    if (!instruction[i].startsWith("--")) {
                        sources.add(instruction[i]);
                    }
                }
            }
        }
        return sources;
    }

    /**
     * The sources of every {@code COPY} from the build context (all arguments but the last, options excluded; not
     * {@code COPY --from=stage}), with {@code ${ARG}}s replaced by their defaults.
     */
    List<String> copySources() {
        Map<String, String> defaults = argDefaults();
        return copySourcesAsWritten().stream().map((source) -> {
            Matcher reference = ARG_REFERENCE.matcher(source);
            StringBuilder resolved = new StringBuilder();
            while (reference.find()) {
                reference.appendReplacement(resolved,
                        Matcher.quoteReplacement(defaults.getOrDefault(reference.group(1), "")));
            }
            return reference.appendTail(resolved).toString();
        }).toList();
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

    private static boolean copiesFromBuildContext(String[] copy) {
        for (int i = 1; i < copy.length; i++) {
            if (copy[i].startsWith("--from=")) {
                return false;
            }
        }
        return true;
    }

    private List<String[]> instructions(String keyword) {
        return this.instructions.stream().filter((instruction) -> instruction[0].equalsIgnoreCase(keyword)).toList();
    }

}
