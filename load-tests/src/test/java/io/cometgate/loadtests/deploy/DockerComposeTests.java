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

    /** Services of a profile, started only with {@code --profile <name>}. */
    private static final Map<String, String> PROFILES = Map.of("prometheus", "observability", "grafana", "grafana");

    /** The one base image of every image built here: made offline by deploy/base-image.sh when it cannot be pulled. */
    private static final String BASE_IMAGE = "debian:bookworm-slim";

    /** Images used as published (Grafana has no Debian package; its profile is optional). */
    private static final Set<String> PUBLISHED_IMAGES = Set.of("grafana/grafana");

    /** The scope the demo requires on its actuator endpoints other than health (DemoSecurityConfiguration). */
    private static final String OPERATORS_SCOPE = "cometgate-ops";

    /** Restart policies that bring a crashed service back. */
    private static final Set<String> RESTARTING = Set.of("always", "unless-stopped", "on-failure");

    /**
     * Spring Boot's own properties the gateways are configured with, whose metadata is not on this module's class
     * path: {@code spring.data.redis.*}, which Spring Boot's DataRedisConnectionDetails (and so CometGate) reads.
     */
    private static final Set<String> BOOT_PROPERTIES = Set.of("spring.data.redis.host", "spring.data.redis.port",
            "spring.data.redis.url", "spring.data.redis.password",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri");

    private final Repository repository = Repository.find();

    private final ComposeFile compose = ComposeFile.parse(this.repository.path("docker-compose.yml"),
            this.repository.text("docker-compose.yml"));

    @Test
    void composeWhenParsedThenHasTheStackTheLoadTestsExpect() {
        Set<String> all = new TreeSet<>(SERVICES);
        all.addAll(PROFILES.keySet());
        assertThat(this.compose.services()).containsOnlyKeys(all);
        for (Service service : this.compose.services().values()) {
            assertThat(service.profiles()).as(service.name() + " profiles")
                .isEqualTo(PROFILES.containsKey(service.name()) ? List.of(PROFILES.get(service.name())) : List.of());
        }
    }

    @Test
    void buildWhenServiceIsBuiltThenFromOneStageOfTheDeployDockerfileCopyingExactlyStagedFiles() {
        Path dockerfilePath = this.repository.path("deploy/Dockerfile");
        Dockerfile dockerfile = Dockerfile.parse(Repository.read(dockerfilePath));
        List<String> allowedByDockerignore = dockerignoreExceptions();
        for (Service service : this.compose.services().values()) {
            if (service.buildContext() == null) {
                continue;
            }
            assertThat(service.buildContext()).as(service.name() + " context").isEqualTo(this.repository.path("."));
            assertThat(service.dockerfile()).as(service.name() + " dockerfile").isEqualTo(dockerfilePath);
            Dockerfile target = dockerfile.target(service.buildTarget());
            for (String source : target.copySources()) {
                // No pattern: an older jar left in a folder can never be copied instead of, or besides, the right one.
                assertThat(source).as(service.name() + " copies").doesNotContain("*", "?", "[");
                assertThat(allowedByDockerignore).as(".dockerignore sends " + source).contains(source);
            }
            assertThat(target.exposedPorts()).as(service.name() + " exposes")
                .containsAll(service.ports().stream().map(ComposeFile.Port::container).toList());
        }
    }

    @Test
    void buildWhenJarsAreStagedThenTheyAreTheRunnableJarsOfThisVersion() {
        String stageScript = this.repository.text("deploy/stage-jars.sh");
        Dockerfile dockerfile = Dockerfile.parse(this.repository.text("deploy/Dockerfile"));
        Map<String, String> staged = Map.of("deploy/build/demo-gateway.jar", "demo-gateway",
                "deploy/build/cometchat-emulator.jar", "cometchat-emulator");
        assertThat(dockerfile.copySources()).as("what the images copy")
            .allMatch((source) -> staged.containsKey(source) || source.equals("deploy/nginx.conf"));
        staged.forEach((jar, moduleName) -> {
            MavenModule module = MavenModule.parse(this.repository.text(moduleName + "/pom.xml"));
            // The script names the runnable jar with the version it reads from the root pom.
            String runnable = moduleName + "/" + module.runnableJar().replace(module.version(), "$version");
            assertThat(stageScript).as("deploy/stage-jars.sh stages " + jar)
                .contains("cp \"" + runnable + "\" " + jar);
        });
        assertThat(MavenModule.parse(this.repository.text("pom.xml")).version())
            .isEqualTo(MavenModule.parse(this.repository.text("demo-gateway/pom.xml")).version());
    }

    @Test
    void issuerWhenBuiltThenIsTheDemosOwnMockOAuth2ServerStandalone() {
        Service issuer = this.compose.service("issuer");
        Dockerfile target = Dockerfile.parse(this.repository.text("deploy/Dockerfile")).target(issuer.buildTarget());
        // The demo's jar carries the mock-oauth2-server version the build uses; its standalone main is started.
        assertThat(target.copySources()).containsExactly("deploy/build/demo-gateway.jar");
        assertThat(this.repository.text("deploy/Dockerfile"))
            .contains("-Dloader.main=no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt");
        assertThat(this.repository.text("demo-gateway/pom.xml")).contains("<artifactId>mock-oauth2-server</artifactId>");
        assertThat(issuer.healthcheckTest()).containsExactly("CMD", "curl", "-fsS", "-o", "/dev/null",
                "http://localhost:" + issuer.env("SERVER_PORT") + "/isalive");
        assertThat(target.exposedPorts()).contains(Integer.parseInt(issuer.env("SERVER_PORT")));
    }

    @Test
    void imageWhenBuiltThenFromTheDebianBaseOnlyAndOtherwisePublishedAndPinned() {
        Dockerfile dockerfile = Dockerfile.parse(this.repository.text("deploy/Dockerfile"));
        assertThat(dockerfile.externalBaseImages()).containsExactly(BASE_IMAGE);
        assertThat(this.repository.text("deploy/base-image.sh")).contains("image=" + BASE_IMAGE)
            .contains("debootstrap --variant=minbase bookworm").contains("docker import");
        for (Service service : this.compose.services().values()) {
            if (service.buildContext() != null) {
                assertThat(dockerfile.stageNames()).as(service.name() + " target").contains(service.buildTarget());
                continue;
            }
            String[] image = service.image().split(":");
            assertThat(PUBLISHED_IMAGES).as(service.image()).contains(image[0]);
            assertThat(image).as(service.image() + " needs a pinned tag").hasSize(2);
            assertThat(image[1]).as(service.image()).isNotEqualTo("latest");
        }
    }

    @Test
    void javaServiceWhenRunThenItsMemoryIsBoundedAndNoHealthcheckStartsAJvm() {
        Dockerfile dockerfile = Dockerfile.parse(this.repository.text("deploy/Dockerfile"));
        for (Service service : this.compose.services().values()) {
            assertThat(service.healthcheckTest()).as(service.name() + " healthcheck").doesNotContain("java");
            if (service.buildContext() != null && dockerfile.target(service.buildTarget()).baseImages().contains("jre")) {
                // The heap is a share of the container's limit (MaxRAMPercentage): no limit, a share of the host.
                assertThat(service.memLimit()).as(service.name() + " mem_limit").isNotNull();
            }
        }
        assertThat(this.repository.text("deploy/Dockerfile")).contains("-XX:MaxRAMPercentage=");
        // start_interval needs Engine 25; the file also runs on Debian bookworm's Engine 20.10.
        assertThat(this.repository.text("docker-compose.yml")).doesNotContain("start_interval");
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
    void portsWhenPublishedThenOnLoopbackEachMovedByItsOwnVariableDocumentedInTheFile() {
        String composeText = this.repository.text("docker-compose.yml");
        Set<String> variables = new TreeSet<>();
        for (Service service : this.compose.services().values()) {
            for (ComposeFile.Port port : service.ports()) {
                assertThat(port.address()).as(service.name() + " host port " + port.host() + " on loopback only")
                    .isEqualTo("127.0.0.1");
                assertThat(port.hostVariable()).as(service.name() + " host port " + port.host() + " can be moved")
                    .isNotNull();
                assertThat(variables.add(port.hostVariable())).as(port.hostVariable() + " moves one port only").isTrue();
                assertThat(composeText.substring(0, composeText.indexOf("\nname:")))
                    .as("the header comment names " + port.hostVariable()).contains(port.hostVariable());
            }
        }
        assertThat(variables).contains("GATEWAY_PORT", "ISSUER_PORT", "GATEWAY_1_PORT", "GATEWAY_2_PORT",
                "EMULATOR_PORT");
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
        Map<String, Object> oauth2 = map(job.get("oauth2"));
        String client = String.valueOf(oauth2.get("client_id"));
        assertThat(mappings.get(0).path("requestParam").asText()).isEqualTo("client_id");
        assertThat(mappings.get(0).path("match").asText()).isEqualTo(client);
        assertThat(mappings.get(0).path("claims").path("scope").asText().split(" ")).as("scopes of " + client)
            .contains(OPERATORS_SCOPE);
        // Client credentials: the client id is the subject. A person signing in (authorization code) matches no
        // mapping and keeps the user name typed at the login form: a catch-all on client_id would give every
        // person the page's client id as subject.
        JsonNode last = mappings.get(mappings.size() - 1);
        assertThat(last.path("requestParam").asText()).isEqualTo("grant_type");
        assertThat(last.path("match").asText()).isEqualTo("client_credentials");
        assertThat(last.path("claims").path("sub").asText()).isEqualTo("${clientId}");
        mappings.forEach((mapping) -> assertThat(mapping.path("match").asText()).isNotEqualTo("*"));
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
        Service issuer = this.compose.service("issuer");
        for (Service gateway : gateways()) {
            gateway.hostPort(port(gateway, "PORT"));
            assertThat(URI.create(gateway.env("COMETCHAT_BASE_URL")))
                .isEqualTo(URI.create("http://emulator:" + emulator.env("EMULATOR_PORT") + "/v3"));
            assertThat(gateway.env("COMETCHAT_APP_ID")).isEqualTo(emulator.env("EMULATOR_APP_ID"));
            assertThat(gateway.env("COMETCHAT_REGION")).isEqualTo(emulator.env("EMULATOR_REGION"));
            assertThat(gateway.env("COMETCHAT_REST_API_KEY")).isEqualTo(emulator.env("EMULATOR_API_KEY"));
            assertThat(gateway.env("ISSUER_URI")).isEqualTo(issuerUri());
            // The keys inside the network: the issuer's service name and port, the same issuer id.
            assertThat(gateway.env("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI")).isEqualTo("http://issuer:"
                    + issuer.env("SERVER_PORT") + URI.create(issuerUri()).getPath() + "/jwks");
            assertThat(this.compose.service(gateway.env("SPRING_DATA_REDIS_HOST")).buildTarget()).isEqualTo("redis");
            assertThat(gateway.env("SPRING_DATA_REDIS_PORT")).isEqualTo("6379");
            assertThat(Base64.getDecoder().decode(gateway.env("COMETCHAT_TOKEN_CACHE_ENCRYPTION_KEY")))
                .as("a 256-bit token cache key").hasSize(32);
        }
    }

    @Test
    void replicasWhenConfiguredThenIdenticalButForTheirHostPortAndAddress() {
        Service first = this.compose.service("gateway-1");
        Service second = this.compose.service("gateway-2");
        assertThat(second.buildContext()).isEqualTo(first.buildContext());
        assertThat(second.buildTarget()).isEqualTo(first.buildTarget());
        assertThat(second.environment()).isEqualTo(first.environment());
        assertThat(second.ports()).isNotEqualTo(first.ports());
        assertThat(second.addresses()).isNotEqualTo(first.addresses());
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
    void loadBalancerWhenAReplicaRestartsThenFindsItAtItsFixedAddress() {
        NginxConfig nginx = loadBalancerConfig();
        // nginx 1.22 (Debian's) resolves upstream names once, at start: each replica keeps its address.
        String subnet = ComposeFile.defaultSubnet(this.repository.text("docker-compose.yml"));
        assertThat(subnet).as("the default network's fixed subnet").endsWith(".0/24");
        String prefix = subnet.substring(0, subnet.length() - "0/24".length());
        Set<String> addresses = new TreeSet<>();
        for (Service gateway : gateways()) {
            assertThat(gateway.addresses()).as(gateway.name() + " fixed address").containsOnlyKeys("default");
            assertThat(gateway.addresses().get("default")).startsWith(prefix);
            addresses.add(gateway.addresses().get("default"));
        }
        assertThat(addresses).hasSize(gateways().size());
        Directive location = serverProxyingTo(nginx, gateways().stream()
            .map((gateway) -> gateway.name() + ":" + gateway.env("PORT")).toList()).child("location").orElseThrow();
        // A request that reaches no replica, or one that dies before answering, goes to the other one.
        assertThat(location.child("proxy_next_upstream").orElseThrow().args()).contains("error", "non_idempotent");
        assertThat(seconds(location.value("proxy_connect_timeout").orElse("60s"))).isLessThanOrEqualTo(5);
    }

    @Test
    void loadBalancerWhenForwardingToTheGatewaysThenKeepsThePortInHostAndAcceptsLargeTokens() {
        NginxConfig nginx = loadBalancerConfig();
        Directive location = serverProxyingTo(nginx, gateways().stream()
            .map((gateway) -> gateway.name() + ":" + gateway.env("PORT")).toList()).child("location").orElseThrow();
        // $host drops the port: the page's same-origin POST would look cross-origin to the gateway.
        assertThat(location.proxyHeaders()).containsEntry("host", "$http_host");
        Directive buffers = nginx.http().child("large_client_header_buffers").orElseThrow();
        assertThat(Integer.parseInt(buffers.args().get(1).replace("k", ""))).as("KB per header line")
            .isGreaterThanOrEqualTo(16);
        assertThat(this.repository.text("demo-gateway/src/main/resources/application.yml"))
            .contains("max-http-request-header-size: 32KB");
    }

    @Test
    void loadBalancerWhenConfiguredThenServesTheIssuerUnderTheOriginEveryTokenNames() {
        URI issuer = URI.create(issuerUri());
        Service lb = this.compose.service("lb");
        // The one origin of the issuer: the host's, filled into the template from the lb's environment.
        assertThat(lb.env("ISSUER_PUBLIC_ORIGIN")).isEqualTo(issuer.getHost() + ":" + issuer.getPort());
        assertThat(this.repository.text("deploy/Dockerfile")).contains("envsubst '$ISSUER_PUBLIC_ORIGIN'");
        Directive server = loadBalancerConfig().servers().stream()
            .filter((candidate) -> candidate.child("location").flatMap((l) -> l.value("proxy_pass"))
                .orElse("").equals("http://issuer:" + this.compose.service("issuer").env("SERVER_PORT")))
            .findFirst().orElseThrow(() -> new AssertionError("no server block forwards to the issuer"));
        Directive location = server.child("location").orElseThrow();
        // The Host header is what the issuer writes into "iss"; forwarded scheme or port headers would change it.
        assertThat(location.proxyHeaders()).containsEntry("host", lb.env("ISSUER_PUBLIC_ORIGIN"))
            .doesNotContainKeys("x-forwarded-proto", "x-forwarded-port", "x-forwarded-host");
        assertThat(publishedPort(server)).isEqualTo(issuer.getPort());
        assertThat(Target.DEFAULT_ISSUER_TOKEN_URL).isEqualTo(issuerUri() + "/token");
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
        // Through the load balancer's issuer port, so that the token's "iss" is the gateways' ISSUER_URI.
        assertThat(oauth2.get("token_url")).isEqualTo("http://lb:8081" + URI.create(issuerUri()).getPath() + "/token");
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

    /** The issuer every token names: the host's origin of the load balancer's issuer port, the demo's issuer id. */
    private String issuerUri() {
        return "http://localhost:" + this.compose.service("lb").hostPort(8081) + "/demo";
    }

    /** The load balancer's configuration, as its image copies it (a template; the lb's own variable filled in). */
    private NginxConfig loadBalancerConfig() {
        Service lb = this.compose.service("lb");
        assertThat(Dockerfile.parse(this.repository.text("deploy/Dockerfile")).target(lb.buildTarget()).copySources())
            .containsExactly("deploy/nginx.conf");
        String template = this.repository.text("deploy/nginx.conf");
        assertThat(template).contains("${ISSUER_PUBLIC_ORIGIN}");
        // As envsubst renders it when the container starts (deploy/Dockerfile).
        return NginxConfig.parse(template.replace("${ISSUER_PUBLIC_ORIGIN}", lb.env("ISSUER_PUBLIC_ORIGIN")));
    }

    /** The files .dockerignore lets into the build context ({@code !path} after {@code *}). */
    private List<String> dockerignoreExceptions() {
        List<String> lines = this.repository.text(".dockerignore").lines().map(String::trim)
            .filter((line) -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(lines.get(0)).as(".dockerignore starts by leaving everything out").isEqualTo("*");
        return lines.stream().filter((line) -> line.startsWith("!")).map((line) -> line.substring(1)).toList();
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

    /** The services built as the demo gateway, in file order. */
    private List<Service> gateways() {
        List<Service> gateways = this.compose.services().values().stream()
            .filter((service) -> "gateway".equals(service.buildTarget()))
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
