package io.cometgate.loadtests.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An nginx configuration read as a tree of directives ({@code name args;} or {@code name args { ... }}), enough to
 * check which upstreams and servers it defines and where each server forwards. Comments are dropped; quotes and
 * variables are kept as written.
 */
final class NginxConfig {

    /** Directives that replace nginx's default round-robin in an upstream. */
    private static final List<String> BALANCING = List.of("ip_hash", "least_conn", "hash", "random");

    private final Directive http;

    private NginxConfig(Directive root) {
        this.http = root.child("http").orElseThrow(() -> new IllegalArgumentException("No http block"));
    }

    static NginxConfig parse(String text) {
        Directive root = new Directive("", List.of(), new ArrayList<>());
        List<Directive> open = new ArrayList<>(List.of(root));
        StringBuilder words = new StringBuilder();
        for (String line : text.split("\n")) {
            String code = line.replaceAll("#.*", "");
            for (char c : code.toCharArray()) {
                if (c == ';' || c == '{') {
                    Directive directive = Directive.of(words.toString());
                    open.get(open.size() - 1).children().add(directive);
                    if (c == '{') {
                        open.add(directive);
                    }
                    words.setLength(0);
                }
                else if (c == '}') {
                    open.remove(open.size() - 1);
                }
                else {
                    words.append(c);
                }
            }
            words.append(' ');
        }
        return new NginxConfig(root);
    }

    /** The {@code http} block itself. */
    Directive http() {
        return this.http;
    }

    /** The {@code upstream} block named {@code name}. */
    Optional<Directive> upstream(String name) {
        return upstreams().stream().filter((upstream) -> upstream.args().equals(List.of(name))).findFirst();
    }

    /** The {@code upstream} blocks of {@code http}. */
    List<Directive> upstreams() {
        return this.http.children("upstream");
    }

    /** The {@code server} blocks of {@code http}. */
    List<Directive> servers() {
        return this.http.children("server");
    }

    static boolean roundRobin(Directive upstream) {
        return upstream.children().stream().noneMatch((directive) -> BALANCING.contains(directive.name()));
    }

    /** A directive: its name, its arguments and, for a block, the directives inside. */
    record Directive(String name, List<String> args, List<Directive> children) {

        static Directive of(String words) {
            List<String> parts = List.of(words.trim().split("\\s+"));
            return new Directive(parts.get(0), parts.subList(1, parts.size()), new ArrayList<>());
        }

        List<Directive> children(String name) {
            return this.children.stream().filter((child) -> child.name().equals(name)).toList();
        }

        Optional<Directive> child(String name) {
            return children(name).stream().findFirst();
        }

        /** The first argument of the first child directive {@code name}, for example a server's {@code listen}. */
        Optional<String> value(String name) {
            return child(name).map((child) -> child.args().get(0));
        }

        /** The headers set with {@code proxy_set_header}, by name (lower case). */
        Map<String, String> proxyHeaders() {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Directive header : children("proxy_set_header")) {
                headers.put(header.args().get(0).toLowerCase(Locale.ROOT),
                        String.join(" ", header.args().subList(1, header.args().size())));
            }
            return headers;
        }

    }

}
