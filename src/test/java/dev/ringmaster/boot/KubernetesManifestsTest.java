package dev.ringmaster.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The committed manifests hold what a deployment with replicas needs: every document read into the Kubernetes API
 * type of its kind with nothing left over (a misspelt or misplaced field fails), the ServiceMonitor, a custom
 * resource, against the schema in src/test/resources/k8s; every secret setting from a key the Secret example has; the
 * probes on health paths the service serves ({@code KubernetesProbesTest} asks them), on the HTTP port; at least two
 * replicas; resources with the heap inside the limit; and the selectors of the Services, the ServiceMonitor, the
 * NetworkPolicy and the PodDisruptionBudget matching what they select. KubernetesManifestsIT keeps the file equal to
 * what quarkus-kubernetes renders.
 */
class KubernetesManifestsTest {

    static final Path MANIFESTS = Path.of("k8s", "ringmaster.yml");
    private static final Path SECRET_EXAMPLE = Path.of("k8s", "secret.example.yml");
    private static final Path CONFIG_EXAMPLE = Path.of("k8s", "config.example.yml");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The settings that must never be a literal in the manifest nor missing from it (docs/configuration.md). */
    private static final Set<String> SECRET_SETTINGS = Set.of("RINGMASTER_SIGNING_KEY", "RINGMASTER_CONSOLE_STATE_SECRET",
            "RINGMASTER_CONSOLE_SESSION_SECRET", "RINGMASTER_CONSOLE_SECRET", "RINGMASTER_KEYCLOAK_ADMIN_SECRET",
            "RINGMASTER_DB_PASSWORD", "RINGMASTER_DB_OWNER_PASSWORD");
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/live", "/q/health/ready");

    private static final Map<String, Class<?>> TYPES = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 Secret", Secret.class,
            "v1 ConfigMap", ConfigMap.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class);

    @Test
    void everyDocumentIsAKnownKindWithNoFieldLeftOver() throws IOException {
        List<JsonNode> documents = documents(MANIFESTS);
        assertThat(documents).extracting(document -> document.path("kind").asText())
                .containsExactlyInAnyOrder("Deployment", "Service", "Service", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor");
        for (JsonNode document : documents) {
            if (document.path("kind").asText().equals("ServiceMonitor")) {
                assertThat(schemaErrors(document)).as("ServiceMonitor against its schema").isEmpty();
            } else {
                typed(document);
            }
        }
        typed(documents(SECRET_EXAMPLE).getFirst());
        typed(documents(CONFIG_EXAMPLE).getFirst());
    }

    @Test
    void aMisspeltFieldOrAWrongTypeIsRefused() throws IOException {
        JsonNode deployment = single(documents(MANIFESTS), "Deployment");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("livenesProbe", "x");
        assertThatThrownBy(() -> typed(deployment)).hasMessageContaining("livenesProbe");

        JsonNode monitor = single(documents(MANIFESTS), "ServiceMonitor");
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("port", 9000);
        ((ObjectNode) monitor.at("/spec")).put("endpoint", "typo");
        assertThat(schemaErrors(monitor)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everySecretSettingComesFromAKeyOfTheSecretExample() throws IOException {
        Secret example = typed(documents(SECRET_EXAMPLE).getFirst());
        Set<String> keys = example.getStringData().keySet();
        Container container = container();

        assertThat(container.getEnvFrom()).as("no settings by the wholesale, each one named").isNullOrEmpty();
        List<String> fromSecret = new ArrayList<>();
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var reference = env.getValueFrom().getSecretKeyRef();
                assertThat(reference.getName()).as(env.getName()).isEqualTo(example.getMetadata().getName());
                assertThat(keys).as("the Secret example has the key of " + env.getName()).contains(reference.getKey());
                assertThat(reference.getOptional()).as(env.getName() + " required").isNotEqualTo(Boolean.TRUE);
                fromSecret.add(reference.getKey());
            } else if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                assertThat(env.getName()).as("only the artifact store's settings come from the ConfigMap")
                        .startsWith("RINGMASTER_ARTIFACTS_").doesNotContain("KEY");
            } else {
                assertThat(env.getName()).as("a literal value").doesNotStartWith("RINGMASTER_");
            }
        }
        assertThat(fromSecret).containsAll(SECRET_SETTINGS);
        assertThat(fromSecret).as("every key of the example is used").containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void replicasShareAnS3StoreConfiguredByTheConfigMapWithCredentialsFromTheSecret() throws IOException {
        ConfigMap example = typed(documents(CONFIG_EXAMPLE).getFirst());
        Map<String, String> settings = example.getData();
        assertThat(settings).containsEntry("RINGMASTER_ARTIFACTS_STORE", "s3")
                .containsKeys("RINGMASTER_ARTIFACTS_S3_ENDPOINT", "RINGMASTER_ARTIFACTS_S3_REGION", "RINGMASTER_ARTIFACTS_S3_BUCKET")
                .doesNotContainKeys("RINGMASTER_ARTIFACTS_S3_ACCESS_KEY", "RINGMASTER_ARTIFACTS_S3_SECRET_KEY");
        Container container = container();
        List<String> fromConfig = new ArrayList<>();
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var reference = env.getValueFrom().getConfigMapKeyRef();
                assertThat(reference.getName()).as(env.getName()).isEqualTo(example.getMetadata().getName());
                assertThat(reference.getKey()).as("named as the setting it is").isEqualTo(env.getName());
                assertThat(reference.getOptional()).as(env.getName() + " required").isNotEqualTo(Boolean.TRUE);
                fromConfig.add(reference.getKey());
            }
        }
        assertThat(fromConfig).as("every key of the ConfigMap example is used, and no other")
                .containsExactlyInAnyOrderElementsOf(settings.keySet());
        // The credentials are never ConfigMap data nor literals: secret references to the keys the Secret example has.
        for (String credential : List.of("RINGMASTER_ARTIFACTS_S3_ACCESS_KEY", "RINGMASTER_ARTIFACTS_S3_SECRET_KEY")) {
            EnvVar env = container.getEnv().stream().filter(candidate -> candidate.getName().equals(credential)).findFirst()
                    .orElseThrow(() -> new AssertionError(credential + " is not set"));
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as(credential).isNotNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(credential);
        }
        // The settings bind to the service's own (ringmaster.artifacts.s3.bucket is RINGMASTER_ARTIFACTS_S3_BUCKET).
        assertThat(settings.keySet()).allSatisfy(key -> assertThat(artifactSettingNames())
                .contains(key.substring("RINGMASTER_ARTIFACTS_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }

    /** The names of ringmaster.artifacts.* settings the service reads, below that prefix, as in application.properties' comment. */
    private static List<String> artifactSettingNames() {
        List<String> names = new ArrayList<>(List.of("store", "folder", "max-size"));
        for (Method setting : dev.ringmaster.artifact.ArtifactSettings.S3.class.getMethods()) {
            io.smallrye.config.WithName named = setting.getAnnotation(io.smallrye.config.WithName.class);
            names.add("s3-" + (named != null ? named.value() : setting.getName()));
        }
        return names;
    }

    @Test
    void theProbesAskHealthOnTheHttpPortAndAStartupProbeCoversTheMigrations() throws IOException {
        Container container = container();
        int http = container.getPorts().stream().filter(port -> port.getName().equals("http"))
                .mapToInt(ContainerPort::getContainerPort).findFirst().orElseThrow();
        assertThat(http).isEqualTo(8080);
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe).isNotNull();
            assertThat(HEALTH_PATHS).contains(probe.getHttpGet().getPath());
            assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(http);
        }
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        Probe startup = container.getStartupProbe();
        int startupSeconds = startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertThat(startupSeconds).as("time to start, migrations included").isGreaterThanOrEqualTo(120);
    }

    @Test
    void twoReplicasAtLeastWithTheHeapInsideTheMemoryLimit() throws IOException {
        Deployment deployment = typed(single(documents(MANIFESTS), "Deployment"));
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        Container container = container();
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKey("memory");
        BigDecimal limit = Quantity.getAmountInBytes(limits.get("memory"));
        assertThat(Quantity.getAmountInBytes(requests.get("memory"))).isLessThanOrEqualTo(limit);
        String javaOptions = container.getEnv().stream().filter(env -> env.getName().equals("JAVA_OPTS_APPEND"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        Matcher heap = Pattern.compile("-Xmx(\\d+)([mg])").matcher(javaOptions);
        assertThat(heap.find()).as("a fixed heap in " + javaOptions).isTrue();
        long heapBytes = Long.parseLong(heap.group(1)) << (heap.group(2).equals("g") ? 30 : 20);
        // Metaspace, code cache, thread stacks and buffers take ~300 MiB over the heap (docs/deploy.md, "Resources").
        assertThat(limit.longValue() - heapBytes).isGreaterThanOrEqualTo(400L << 20);
    }

    @Test
    void selectorsSelectWhatTheyAreFor() throws IOException {
        List<JsonNode> documents = documents(MANIFESTS);
        Deployment deployment = typed(single(documents, "Deployment"));
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Container container = container();

        List<Service> services = documents.stream().filter(document -> document.path("kind").asText().equals("Service"))
                .map(document -> (Service) typed(document)).toList();
        for (Service service : services) {
            assertThat(podLabels).as(service.getMetadata().getName()).containsAllEntriesOf(service.getSpec().getSelector());
        }
        Service publicService = services.stream().filter(service -> service.getMetadata().getName().equals("ringmaster")).findFirst().orElseThrow();
        assertThat(publicService.getSpec().getPorts()).extracting(port -> port.getTargetPort().getIntVal())
                .as("the public Service exposes the HTTP port only").containsExactly(8080);

        JsonNode monitor = single(documents, "ServiceMonitor");
        Map<String, String> wanted = YAML.convertValue(monitor.at("/spec/selector/matchLabels"), Map.class);
        List<Service> scraped = services.stream().filter(service -> service.getMetadata().getLabels().entrySet().containsAll(wanted.entrySet())).toList();
        assertThat(scraped).as("the ServiceMonitor selects exactly one Service").hasSize(1);
        String endpointPort = monitor.at("/spec/endpoints/0/port").asText();
        ServicePort port = scraped.getFirst().getSpec().getPorts().stream().filter(candidate -> candidate.getName().equals(endpointPort))
                .findFirst().orElseThrow(() -> new AssertionError("no port " + endpointPort + " on " + scraped.getFirst().getMetadata().getName()));
        ContainerPort management = container.getPorts().stream().filter(candidate -> candidate.getName().equals("management")).findFirst().orElseThrow();
        assertThat(port.getTargetPort().getStrVal()).isEqualTo(management.getName());
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");

        PodDisruptionBudget budget = typed(single(documents, "PodDisruptionBudget"));
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

        NetworkPolicy policy = typed(single(documents, "NetworkPolicy"));
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getFrom()).as("the HTTP port from anywhere").isNullOrEmpty();
            assertThat(rule.getPorts()).extracting(allowed -> allowed.getPort().getIntVal()).containsExactly(8080);
        });
        assertThat(rules).as("the management port only from a namespace of its own").allSatisfy(rule -> {
            if (rule.getPorts().stream().anyMatch(allowed -> allowed.getPort().getIntVal() == 9000)) {
                assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
            }
        });
    }

    static List<JsonNode> documents(Path file) throws IOException {
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return values.readAll().stream().filter(document -> !document.isNull() && !document.isEmpty()).toList();
        }
    }

    private static Container container() throws IOException {
        Deployment deployment = typed(single(documents(MANIFESTS), "Deployment"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static JsonNode single(List<JsonNode> documents, String kind) {
        List<JsonNode> found = documents.stream().filter(document -> document.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst().deepCopy();
    }

    /**
     * The document as its API type. The model keeps fields it does not know in "additional properties" rather
     * than failing, so those are looked for everywhere in the result and any found is an error.
     */
    @SuppressWarnings("unchecked")
    private static <T> T typed(JsonNode document) {
        String type = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        Class<?> model = TYPES.get(type);
        assertThat(model).as("a known apiVersion and kind: " + type).isNotNull();
        Object value = YAML.convertValue(document, model);
        List<String> leftOver = new ArrayList<>();
        leftOvers(value, type, leftOver);
        if (!leftOver.isEmpty()) {
            throw new AssertionError("fields the Kubernetes API does not have: " + leftOver);
        }
        return (T) value;
    }

    private static void leftOvers(Object value, String path, List<String> found) {
        if (value instanceof Collection<?> values) {
            int i = 0;
            for (Object element : values) {
                leftOvers(element, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> leftOvers(element, path + "." + key, found));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add(path + "." + key));
                }
            } else {
                leftOvers(field, path + "." + getter.getName().substring(3), found);
            }
        }
    }

    private static List<String> schemaErrors(JsonNode monitor) throws IOException {
        Schema schema;
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/k8s/servicemonitor.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        }
        return schema.validate(new ObjectMapper().writeValueAsString(monitor), InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
