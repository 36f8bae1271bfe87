package io.cometgate.loadtests.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

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

    /** Images used as published; everything else is built from this repository. */
    private static final Set<String> ALLOWED_IMAGES = Set.of("redis", "nginx", "ghcr.io/navikt/mock-oauth2-server");

    /**
     * Spring Boot's own properties the gateways are configured with, whose metadata is not on this module's class
     * path: {@code spring.data.redis.*}, which CometGate's RedisSettings reads.
     */
    private static final Set<String> BOOT_PROPERTIES = Set.of("spring.data.redis.host", "spring.data.redis.port",
            "spring.data.redis.url", "spring.data.redis.password");

    private final Repository repository = Repository.find();

    private final ComposeFile compose = ComposeFile.parse(this.repository.path("docker-compose.yml"),
            this.repository.text("docker-compose.yml"));

    @Test
    void composeWhenParsedThenHasTheStackTheLoadTestsExpect() {
        assertThat(this.compose.services()).containsOnlyKeys(SERVICES);
    }

    @Test
    void buildWhenServiceBuildsAnImageThenItsDockerfileCopiesTheJarMavenBuilds() {
        String rootPom = this.repository.text("pom.xml");
        List<Service> built = this.compose.services().values().stream()
            .filter((service) -> service.buildContext() != null)
            .toList();
        assertThat(built).extracting(Service::name).containsExactlyInAnyOrder("emulator", "gateway-1", "gateway-2");
        for (Service service : built) {
            Path context = service.buildContext();
            assertThat(rootPom).as("root pom modules").contains("<module>" + context.getFileName() + "</module>");
            assertThat(context.resolve("Dockerfile")).isRegularFile();
            Dockerfile dockerfile = Dockerfile.parse(Repository.read(context.resolve("Dockerfile")));
            MavenModule module = MavenModule.parse(Repository.read(context.resolve("pom.xml")));
            assertThat(dockerfile.copySources()).as(service.name() + " copies").containsExactly(module.runnableJar());
            assertThat(dockerfile.exposedPorts()).as(service.name() + " exposes")
                .containsAll(service.ports().stream().map(ComposeFile.Port::container).toList());
        }
    }

    @Test
    void imageWhenNotBuiltThenAllowedAndPinned() {
        for (Service service : this.compose.services().values()) {
            if (service.buildContext() == null) {
                String[] image = service.image().split(":");
                assertThat(ALLOWED_IMAGES).as(service.name()).contains(image[0]);
                assertThat(image).as(service.name() + " needs a pinned tag").hasSize(2);
                assertThat(image[1]).as(service.name()).isNotEqualTo("latest");
            }
        }
        String issuerVersion = MavenModule.parse(this.repository.text("pom.xml")).property("mock-oauth2-server.version");
        assertThat(this.compose.service("issuer").image())
            .as("the issuer image is the mock-oauth2-server version the build uses")
            .isEqualTo("ghcr.io/navikt/mock-oauth2-server:" + issuerVersion);
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
        assertThat(this.compose.service("issuer").environment()).containsOnlyKeys("SERVER_PORT");
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
        assertThat(nginx.upstreams()).hasSize(1);
        Directive upstream = nginx.upstreams().get(0);
        assertThat(upstream.children("server")).extracting((server) -> server.args().get(0))
            .containsExactlyInAnyOrderElementsOf(
                    gateways().stream().map((gateway) -> gateway.name() + ":" + gateway.env("PORT")).toList());
        assertThat(NginxConfig.roundRobin(upstream)).isTrue();
        Directive server = serverProxyingTo(nginx, "http://" + upstream.args().get(0));
        assertThat(Target.DEFAULT_GATEWAY_URL).isEqualTo("http://localhost:" + publishedPort(server));
    }

    @Test
    void loadBalancerWhenConfiguredThenServesTheIssuerUnderTheNameTheGatewaysUse() {
        URI issuer = URI.create(issuerUri());
        String authority = issuer.getHost() + ":" + issuer.getPort();
        Directive server = serverProxyingTo(loadBalancerConfig(), "http://" + authority);
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

    /** The load balancer's server block whose only location forwards to {@code target}. */
    private static Directive serverProxyingTo(NginxConfig nginx, String target) {
        List<Directive> servers = nginx.servers().stream()
            .filter((server) -> server.children("location").size() == 1)
            .filter((server) -> server.child("location").flatMap((location) -> location.value("proxy_pass"))
                .filter(target::equals).isPresent())
            .toList();
        assertThat(servers).as("server blocks forwarding to " + target).hasSize(1);
        return servers.get(0);
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
