package io.cometgate.loadtests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.cometgate.loadtests.deploy.ComposeFile.Service;
import io.cometgate.loadtests.deploy.NginxConfig.Directive;
import io.cometgate.loadtests.support.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of docker-compose.yml, its Dockerfiles and the load balancer's configuration without a Docker
 * engine: every name, port, variable and jar they use is one the project really has. A rename in a module (a
 * property, an emulator setting, a jar's classifier) fails here instead of in somebody's {@code docker compose up}.
 */
class DockerComposeTests {

    private static final Set<String> SERVICES = Set.of("redis", "emulator", "issuer", "gateway-1", "gateway-2", "lb");

    /** Services of the {@code observability} profile, started only with {@code --profile observability}. */
    private static final Set<String> OBSERVABILITY = Set.of("prometheus", "grafana");

    /** Images used as published; everything else is built from this repository. */
    private static final Set<String> ALLOWED_IMAGES = Set.of("redis", "nginx", "ghcr.io/navikt/mock-oauth2-server",
            "eclipse-temurin", "prom/prometheus", "grafana/grafana");

    /** The scope the demo requires on its actuator endpoints other than health (DemoSecurityConfiguration). */
    private static final String OPERATORS_SCOPE = "cometgate-ops";

    /** Restart policies that bring a crashed service back. */
    private static final Set<String> RESTARTING = Set.of("always", "unless-stopped", "on-failure");

    /**
     * Spring Boot's own properties the gateways are configured with, whose metadata is not on this module's class
     * path: {@code spring.data.redis.*}, which Spring Boot's DataRedisConnectionDetails (and so CometGate) reads.
     */
    private static final Set<String> BOOT_PROPERTIES = Set.of("spring.data.redis.host", "spring.data.redis.port",
            "spring.data.redis.url", "spring.data.redis.password");

    private final Repository repository = Repository.find();

    private final ComposeFile compose = ComposeFile.parse(this.repository.path("docker-compose.yml"),
            this.repository.text("docker-compose.yml"));

    @Test
    void composeWhenParsedThenHasTheStackTheLoadTestsExpect() {
        Set<String> all = new TreeSet<>(SERVICES);
        all.addAll(OBSERVABILITY);
        assertThat(this.compose.services()).containsOnlyKeys(all);
        for (Service service : this.compose.services().values()) {
            assertThat(service.profiles()).as(service.name() + " profiles")
                .isEqualTo(OBSERVABILITY.contains(service.name()) ? List.of("observability") : List.of());
        }
    }

    @Test
    void buildWhenServiceBuildsAnImageOfAModuleThenItsDockerfileCopiesTheJarMavenBuildsWhateverItsVersion() {
        String rootPom = this.repository.text("pom.xml");
        List<Service> built = this.compose.services().values().stream()
            .filter((service) -> service.buildContext() != null)
            .filter((service) -> Files.isRegularFile(service.buildContext().resolve("pom.xml")))
            .toList();
        assertThat(built).extracting(Service::name).containsExactlyInAnyOrder("emulator", "gateway-1", "gateway-2");
        for (Service service : built) {
            Path context = service.buildContext();
            assertThat(rootPom).as("root pom modules").contains("<module>" + context.getFileName() + "</module>");
            assertThat(context.resolve("Dockerfile")).isRegularFile();
            String text = Repository.read(context.resolve("Dockerfile"));
            Dockerfile dockerfile = Dockerfile.parse(text);
            MavenModule module = MavenModule.parse(Repository.read(context.resolve("pom.xml")));
            // A pattern, so that a version bump does not break the image; matching the runnable jar and no other.
            assertThat(dockerfile.copySources()).as(service.name() + " copies").hasSize(1);
            PathMatcher copied = FileSystems.getDefault().getPathMatcher("glob:" + dockerfile.copySources().get(0));
            assertThat(module.packagedJars()).as(service.name() + ": jars its COPY picks up")
                .filteredOn((jar) -> copied.matches(Path.of(jar)))
                .containsExactly(module.runnableJar());
            assertThat(text).as(service.name() + "'s Dockerfile names no version").doesNotContain(module.version());
            assertThat(dockerfile.exposedPorts()).as(service.name() + " exposes")
                .containsAll(service.ports().stream().map(ComposeFile.Port::container).toList());
        }
    }

    @Test
    void issuerWhenBuiltThenIsTheBuildsMockOAuth2ServerWithAProbeForItsHealthcheck() {
        Service issuer = this.compose.service("issuer");
        Path context = issuer.buildContext();
        assertThat(context).as("the issuer is built (its image has no shell or curl to probe with)").isNotNull();
        Dockerfile dockerfile = Dockerfile.parse(Repository.read(context.resolve("Dockerfile")));
        String issuerVersion = MavenModule.parse(this.repository.text("pom.xml")).property("mock-oauth2-server.version");
        assertThat(dockerfile.baseImages()).as("the issuer image is the mock-oauth2-server version the build uses")
            .last().isEqualTo("ghcr.io/navikt/mock-oauth2-server:" + issuerVersion);
        assertThat(dockerfile.copySources()).containsExactly("HttpProbe.java");
        assertThat(context.resolve("HttpProbe.java")).isRegularFile();
        assertThat(issuer.healthcheckTest()).containsExactly("CMD", "java", "-cp", "/probe", "HttpProbe",
                "http://localhost:" + issuer.env("SERVER_PORT") + "/isalive");
        assertThat(dockerfile.exposedPorts()).contains(Integer.parseInt(issuer.env("SERVER_PORT")));
    }

    @Test
    void imageWhenNotBuiltThenAllowedAndPinned() {
        List<String> images = new ArrayList<>();
        for (Service service : this.compose.services().values()) {
            if (service.buildContext() == null) {
                images.add(service.image());
            }
            else {
                images.addAll(Dockerfile.parse(Repository.read(service.buildContext().resolve("Dockerfile"))).baseImages());
            }
        }
        for (String reference : images) {
            String[] image = reference.split(":");
            assertThat(ALLOWED_IMAGES).as(reference).contains(image[0]);
            assertThat(image).as(reference + " needs a pinned tag").hasSize(2);
            assertThat(image[1]).as(reference).isNotEqualTo("latest");
        }
    }

    @Test
    void healthcheckWhenServiceOthersWaitForThenProbesItsOwnReadiness() {
        for (Service gateway : gateways()) {
            assertThat(gateway.healthcheckTest()).as(gateway.name()).containsExactly("CMD", "curl", "-fsS", "-o",
                    "/dev/null", "http://localhost:" + gateway.env("PORT") + "/actuator/health/readiness");
            // A slow first start is not a failure: failures count only after start_period.
            assertThat(seconds(String.valueOf(gateway.healthcheck().get("start_period")))).as(gateway.name())
                .isGreaterThanOrEqualTo(60);
        }
        Service emulator = this.compose.service("emulator");
        assertThat(emulator.healthcheckTest()).containsExactly("CMD", "curl", "-fsS", "-o", "/dev/null",
                "http://localhost:" + emulator.env("EMULATOR_PORT") + "/_emulator/health");
        assertThat(this.compose.service("redis").healthcheckTest()).contains("redis-cli", "ping");
        // Every condition "service_healthy" waits on a service that has a healthcheck.
        for (Service service : this.compose.services().values()) {
            service.dependsOn().forEach((dependency, condition) -> {
                if (condition.equals("service_healthy")) {
                    assertThat(this.compose.service(dependency).healthcheckTest())
                        .as(service.name() + " waits on " + dependency + "'s healthcheck").isNotEmpty();
                }
            });
        }
    }

    @Test
    void dependsOnWhenStartingSlowlyThenEveryServiceWaitsForWhatItNeedsToBeHealthy() {
        for (Service gateway : gateways()) {
            assertThat(gateway.dependsOn()).as(gateway.name()).containsEntry("redis", "service_healthy")
                .containsEntry("emulator", "service_healthy")
                // The gateways read the issuer at start-up: started before it is up, they would stop.
                .containsEntry("issuer", "service_healthy");
        }
        Service lb = this.compose.service("lb");
        for (Service gateway : gateways()) {
            assertThat(lb.dependsOn()).as("the load balancer waits for every replica to be ready")
                .containsEntry(gateway.name(), "service_healthy");
        }
        assertThat(lb.dependsOn()).containsEntry("issuer", "service_healthy");
    }

    @Test
    void restartWhenAServiceStopsThenItIsStartedAgain() {
        for (Service service : this.compose.services().values()) {
            assertThat(service.restart()).as(service.name() + " restart policy").isIn(RESTARTING);
        }
    }

    @Test
    void portsWhenPublishedThenEachCanBeMovedByItsOwnVariableDocumentedInTheFile() {
        String composeText = this.repository.text("docker-compose.yml");
        Set<String> variables = new TreeSet<>();
        for (Service service : this.compose.services().values()) {
            for (ComposeFile.Port port : service.ports()) {
                assertThat(port.hostVariable()).as(service.name() + " host port " + port.host() + " can be moved")
                    .isNotNull();
                assertThat(variables.add(port.hostVariable())).as(port.hostVariable() + " moves one port only").isTrue();
                assertThat(composeText.substring(0, composeText.indexOf("\nname:")))
                    .as("the header comment names " + port.hostVariable()).contains(port.hostVariable());
            }
        }
        assertThat(variables).contains("GATEWAY_PORT", "ISSUER_PORT");
    }

    @Test
    void stopWhenGatewayIsStoppedThenDockerWaitsLongerThanItsGracePeriod() {
        String yaml = this.repository.text("demo-gateway/src/main/resources/application.yml");
        Matcher shutdown = Pattern.compile("timeout-per-shutdown-phase:\\s*(\\S+)").matcher(yaml);
        assertThat(shutdown.find()).as("the demo bounds its graceful shutdown").isTrue();
        assertThat(yaml).contains("shutdown: graceful");
        for (Service gateway : gateways()) {
            assertThat(gateway.stopGracePeriod()).as(gateway.name() + " stop_grace_period").isNotNull();
            // Docker's default is 10 s, then SIGKILL: it must outlast the gateway's own bound.
            assertThat(seconds(gateway.stopGracePeriod())).isGreaterThan(seconds(shutdown.group(1)));
        }
    }

    @Test
    void emulatorWhenConfiguredThenUsesItsOwnSettingsAndListensOnEveryInterface() {
        Service emulator = this.compose.service("emulator");
        assertThat(unknown(emulator, emulatorVariables())).as("variables the emulator does not read").isEmpty();
        assertThat(emulator.env("EMULATOR_HOST")).isEqualTo("0.0.0.0");
        emulator.hostPort(port(emulator, "EMULATOR_PORT"));
    }

    @Test
    void issuerWhenConfiguredThenOnlyTheImagesOwnSettings() {
        // mock-oauth2-server's StandaloneConfig reads SERVER_PORT (default 8080), JSON_CONFIG and a few others.
        assertThat(this.compose.service("issuer").environment()).containsOnlyKeys("SERVER_PORT", "JSON_CONFIG");
    }

    @Test
    void issuerWhenPrometheusAsksForATokenThenItGetsTheOperatorsScopeAndOtherClientsTheirSubject() throws IOException {
        JsonNode config = new ObjectMapper().readTree(this.compose.service("issuer").env("JSON_CONFIG"));
        JsonNode callback = config.path("tokenCallbacks").get(0);
        assertThat(callback.path("issuerId").asText()).isEqualTo(URI.create(issuerUri()).getPath().substring(1));
        JsonNode mappings = callback.path("requestMappings");
        Map<String, Object> job = list(yaml(mounted(this.compose.service("prometheus"), "/etc/prometheus/prometheus.yml"))
            .get("scrape_configs")).stream().map(DockerComposeTests::map).findFirst().orElseThrow();
        String client = String.valueOf(map(job.get("oauth2")).get("client_id"));
        assertThat(mappings.get(0).path("requestParam").asText()).isEqualTo("client_id");
        assertThat(mappings.get(0).path("match").asText()).isEqualTo(client);
        assertThat(mappings.get(0).path("claims").path("scope").asText().split(" ")).as("scopes of " + client)
            .contains(OPERATORS_SCOPE);
        // Without a catch-all, every other client's token would lose its "sub" (measured with mock-oauth2-server).
        assertThat(mappings.get(mappings.size() - 1).path("match").asText()).isEqualTo("*");
        assertThat(mappings.get(mappings.size() - 1).path("claims").path("sub").asText()).isEqualTo("${clientId}");
        assertThat(this.repository.text("demo-gateway/src/main/java/io/cometgate/demo/DemoSecurityConfiguration.java"))
            .as("the gateways require that scope on /actuator").contains("SCOPE_" + OPERATORS_SCOPE);
    }

    @Test
    void gatewayWhenConfiguredThenEveryVariableIsOneTheDemoReads() {
        Set<String> properties = EnvironmentNames.configurationProperties();
        assertThat(properties).as("CometGate's configuration metadata on the class path").contains("cometchat.app-id");
        Set<String> known = new TreeSet<>(demoPlaceholders());
        assertThat(this.repository.text("demo-gateway/src/main/java/io/cometgate/demo/EmbeddedDevDefaults.java"))
            .as("the demo reads ISSUER_URI itself").contains("\"ISSUER_URI\"");
        known.add("ISSUER_URI");
        properties.forEach((property) -> known.addAll(EnvironmentNames.forProperty(property)));
        BOOT_PROPERTIES.forEach((property) -> known.addAll(EnvironmentNames.forProperty(property)));
        for (Service gateway : gateways()) {
            assertThat(unknown(gateway, known)).as(gateway.name() + ": variables the demo does not read").isEmpty();
        }
    }

    @Test
    void gatewayWhenConfiguredThenReachesEmulatorIssuerAndRedisByServiceName() {
        Service emulator = this.compose.service("emulator");
        for (Service gateway : gateways()) {
            gateway.hostPort(port(gateway, "PORT"));
            assertThat(URI.create(gateway.env("COMETCHAT_BASE_URL")))
                .isEqualTo(URI.create("http://emulator:" + emulator.env("EMULATOR_PORT") + "/v3"));
            assertThat(gateway.env("COMETCHAT_APP_ID")).isEqualTo(emulator.env("EMULATOR_APP_ID"));
            assertThat(gateway.env("COMETCHAT_REGION")).isEqualTo(emulator.env("EMULATOR_REGION"));
            assertThat(gateway.env("COMETCHAT_REST_API_KEY")).isEqualTo(emulator.env("EMULATOR_API_KEY"));
            assertThat(gateway.env("ISSUER_URI")).isEqualTo(issuerUri());
            assertThat(this.compose.service(gateway.env("SPRING_DATA_REDIS_HOST")).image()).startsWith("redis:");
            assertThat(gateway.env("SPRING_DATA_REDIS_PORT")).isEqualTo("6379");
            assertThat(Base64.getDecoder().decode(gateway.env("COMETCHAT_TOKEN_CACHE_ENCRYPTION_KEY")))
                .as("a 256-bit token cache key").hasSize(32);
        }
    }

    @Test
    void replicasWhenConfiguredThenIdenticalButForTheirHostPort() {
        Service first = this.compose.service("gateway-1");
        Service second = this.compose.service("gateway-2");
        assertThat(second.buildContext()).isEqualTo(first.buildContext());
        assertThat(second.environment()).isEqualTo(first.environment());
        assertThat(second.ports()).isNotEqualTo(first.ports());
    }

    @Test
    void loadBalancerWhenConfiguredThenRoundRobinsOverEveryReplica() {
        NginxConfig nginx = loadBalancerConfig();
        List<String> replicas = gateways().stream().map((gateway) -> gateway.name() + ":" + gateway.env("PORT")).toList();
        Directive server = serverProxyingTo(nginx, replicas);
        Directive upstream = nginx.upstream(upstreamName(server)).orElseThrow();
        assertThat(NginxConfig.roundRobin(upstream)).isTrue();
        assertThat(Target.DEFAULT_GATEWAY_URL).isEqualTo("http://localhost:" + publishedPort(server));
    }

    @Test
    void loadBalancerWhenAReplicaRestartsWithANewAddressThenFindsItAgain() {
        NginxConfig nginx = loadBalancerConfig();
        // Docker's embedded DNS, with answers kept a few seconds only.
        Directive resolver = nginx.http().child("resolver").orElseThrow(() -> new AssertionError("no resolver"));
        assertThat(resolver.args().get(0)).isEqualTo("127.0.0.11");
        String valid = resolver.args().stream().filter((arg) -> arg.startsWith("valid=")).findFirst()
            .orElseThrow(() -> new AssertionError("the resolver needs a short valid="));
        assertThat(seconds(valid.substring("valid=".length()))).isBetween(1L, 10L);
        for (Directive upstream : nginx.upstreams()) {
            // "resolve" needs the upstream's addresses in shared memory.
            assertThat(upstream.child("zone")).as("upstream " + upstream.args() + " zone").isPresent();
            for (Directive server : upstream.children("server")) {
                assertThat(server.args()).as("server " + server.args().get(0) + " is re-resolved").contains("resolve");
            }
        }
        // A proxy_pass to a host name (not to an upstream) would be resolved once, at start.
        for (Directive server : nginx.servers()) {
            String target = server.child("location").flatMap((location) -> location.value("proxy_pass")).orElseThrow();
            assertThat(nginx.upstream(target.substring("http://".length()))).as(target + " is an upstream").isPresent();
        }
    }

    @Test
    void loadBalancerWhenConfiguredThenServesTheIssuerUnderTheNameTheGatewaysUse() {
        URI issuer = URI.create(issuerUri());
        String authority = issuer.getHost() + ":" + issuer.getPort();
        Directive server = serverProxyingTo(loadBalancerConfig(), List.of(authority));
        Directive location = server.child("location").orElseThrow();
        // The Host header is what the issuer writes into "iss"; forwarded scheme or port headers would change it.
        assertThat(location.proxyHeaders()).containsEntry("host", authority)
            .doesNotContainKeys("x-forwarded-proto", "x-forwarded-port", "x-forwarded-host");
        assertThat(Target.DEFAULT_ISSUER_TOKEN_URL)
            .isEqualTo("http://localhost:" + publishedPort(server) + issuer.getPath() + "/token");
    }

    @Test
    void loadTestDefaultsWhenRunAgainstComposeThenPointAtTheReplicasAndTheEmulator() {
        assertThat(Target.DEFAULT_REPLICA_URLS.split(",")).containsExactlyElementsOf(gateways().stream()
            .map((gateway) -> "http://localhost:" + gateway.hostPort(port(gateway, "PORT")))
            .toList());
        Service emulator = this.compose.service("emulator");
        assertThat(Target.DEFAULT_EMULATOR_URL)
            .isEqualTo("http://localhost:" + emulator.hostPort(port(emulator, "EMULATOR_PORT")));
    }

    @Test
    void observabilityWhenProfileIsOnThenPrometheusScrapesEveryReplicaWithAJwtOfTheIssuer() {
        Service prometheus = this.compose.service("prometheus");
        Map<String, Object> config = yaml(mounted(prometheus, "/etc/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = list(config.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = jobs.get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<Object> targets = new ArrayList<>();
        DockerComposeTests.<Map<String, Object>>list(job.get("static_configs"))
            .forEach((group) -> targets.addAll(list(group.get("targets"))));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                gateways().stream().map((gateway) -> gateway.name() + ":" + gateway.env("PORT")).toList());
        // The endpoint needs a JWT like the rest of the gateway; asked for at the issuer's name the gateways trust.
        Map<String, Object> oauth2 = map(job.get("oauth2"));
        assertThat(oauth2.get("token_url")).isEqualTo(issuerUri() + "/token");
        assertThat(oauth2).containsKeys("client_id", "client_secret");
        for (Service gateway : gateways()) {
            assertThat(prometheus.dependsOn()).containsKey(gateway.name());
        }
        prometheus.hostPort(9090);
    }

    @Test
    void observabilityWhenProfileIsOnThenGrafanaHasThePrometheusDatasourceAndTheDashboard() {
        Service grafana = this.compose.service("grafana");
        Path provisioning = mounted(grafana, "/etc/grafana/provisioning");
        List<Map<String, Object>> datasources = new ArrayList<>();
        yamlFiles(provisioning.resolve("datasources")).forEach((file) -> datasources.addAll(list(yaml(file).get("datasources"))));
        assertThat(datasources).hasSize(1);
        Map<String, Object> datasource = datasources.get(0);
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        List<Map<String, Object>> providers = new ArrayList<>();
        yamlFiles(provisioning.resolve("dashboards")).forEach((file) -> providers.addAll(list(yaml(file).get("providers"))));
        assertThat(providers).hasSize(1);
        String dashboardsPath = String.valueOf(map(providers.get(0).get("options")).get("path"));
        Path dashboards = mounted(grafana, dashboardsPath);
        assertThat(dashboards.resolve("cometgate.json")).isRegularFile();
        JsonNode dashboard = json(dashboards.resolve("cometgate.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("panel '" + panel.path("title").asText()
                    + "' uses the provisioned datasource").isEqualTo(datasource.get("uid"));
            panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asText()));
        }
        assertThat(expressions).isNotEmpty().allSatisfy((expr) -> assertThat(expr).contains("cometgate_"));
        assertThat(grafana.dependsOn()).containsKey("prometheus");
        grafana.hostPort(3000);
    }

    /** The file or directory of this repository mounted at {@code target} in {@code service}. */
    private Path mounted(Service service, String target) {
        for (String volume : service.volumes()) {
            String[] mount = volume.split(":");
            if (mount[1].equals(target)) {
                Path source = this.repository.path(mount[0]);
                assertThat(source).as(service.name() + " mounts " + mount[0]).exists();
                return source;
            }
        }
        throw new AssertionError(service.name() + " mounts nothing at " + target);
    }

    private static Map<String, Object> yaml(Path file) {
        return new Yaml().load(Repository.read(file));
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(Repository.read(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<T>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** The issuer as the gateways know it: its service name, the port it listens on, the demo's issuer id. */
    private String issuerUri() {
        return "http://issuer:" + this.compose.service("issuer").env("SERVER_PORT") + "/demo";
    }

    private NginxConfig loadBalancerConfig() {
        Service lb = this.compose.service("lb");
        assertThat(lb.volumes()).hasSize(1);
        String[] mount = lb.volumes().get(0).split(":");
        assertThat(mount[1]).isEqualTo("/etc/nginx/nginx.conf");
        Path configFile = this.repository.path(mount[0]);
        assertThat(configFile).isRegularFile();
        return NginxConfig.parse(Repository.read(configFile));
    }

    /** The load balancer's server block whose only location forwards to an upstream of exactly {@code targets}. */
    private static Directive serverProxyingTo(NginxConfig nginx, List<String> targets) {
        List<Directive> servers = nginx.servers().stream()
            .filter((server) -> server.children("location").size() == 1)
            .filter((server) -> nginx.upstream(upstreamName(server))
                .map((upstream) -> upstream.children("server").stream().map((s) -> s.args().get(0)).toList())
                .filter((upstreamServers) -> new TreeSet<>(upstreamServers).equals(new TreeSet<>(targets)))
                .isPresent())
            .toList();
        assertThat(servers).as("server blocks forwarding to " + targets).hasSize(1);
        return servers.get(0);
    }

    /** The upstream a server block's location forwards to ({@code proxy_pass http://name}). */
    private static String upstreamName(Directive server) {
        return server.child("location").flatMap((location) -> location.value("proxy_pass"))
            .map((target) -> target.replaceFirst("^http://", ""))
            .orElse("");
    }

    /** A Compose or nginx duration ({@code 30s}, {@code 1m30s}, {@code 5}) in whole seconds. */
    private static long seconds(String duration) {
        Matcher part = Pattern.compile("(\\d+)(ms|h|m|s)?").matcher(duration);
        long seconds = 0;
        while (part.find()) {
            long value = Long.parseLong(part.group(1));
            String unit = (part.group(2) != null) ? part.group(2) : "s";
            seconds += switch (unit) {
                case "h" -> value * 3600;
                case "m" -> value * 60;
                case "ms" -> value / 1000;
                default -> value;
            };
        }
        return seconds;
    }

    /** The host port the load balancer publishes for a server block's {@code listen} port. */
    private int publishedPort(Directive server) {
        return this.compose.service("lb").hostPort(Integer.parseInt(server.value("listen").orElseThrow()));
    }

    private static int port(Service service, String variable) {
        return Integer.parseInt(service.env(variable));
    }

    private static Set<String> unknown(Service service, Set<String> known) {
        Set<String> unknown = new TreeSet<>(service.environment().keySet());
        unknown.removeAll(known);
        return unknown;
    }

    /** The services built from demo-gateway, in file order. */
    private List<Service> gateways() {
        Path demo = this.repository.path("demo-gateway");
        List<Service> gateways = this.compose.services().values().stream()
            .filter((service) -> demo.equals(service.buildContext()))
            .toList();
        assertThat(gateways).isNotEmpty();
        return gateways;
    }

    /** The settings EmulatorMain reads ({@code setting("emulator.port", ...)}), as environment variables. */
    private Set<String> emulatorVariables() {
        String source = this.repository.text("cometchat-emulator/src/main/java/io/cometgate/emulator/EmulatorMain.java");
        Set<String> variables = new TreeSet<>();
        Matcher setting = Pattern.compile("setting\\(\"(emulator\\.[a-z.-]+)\"").matcher(source);
        while (setting.find()) {
            variables.add(EnvironmentNames.forEmulatorSetting(setting.group(1)));
        }
        assertThat(variables).as("settings found in EmulatorMain").contains("EMULATOR_PORT");
        return variables;
    }

    /** Variables of the demo's application.yml placeholders: {@code ${PORT:8080}} is read from PORT. */
    private Set<String> demoPlaceholders() {
        String yaml = this.repository.text("demo-gateway/src/main/resources/application.yml");
        Set<String> variables = new TreeSet<>();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(yaml);
        while (placeholder.find()) {
            variables.add(placeholder.group(1));
        }
        assertThat(variables).as("the demo's port variable").contains("PORT");
        return variables;
    }

}
