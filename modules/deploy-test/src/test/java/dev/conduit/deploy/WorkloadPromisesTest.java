package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.conduit.app.ConfigurationNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What the Deployment and the migration Job promise: probes, identity, file system, resources, placement. */
class WorkloadPromisesTest {

  private static final long MIB = 1024 * 1024;
  /** The heap the benchmarks ran with (README.md, "Benchmark"): -Xmx192m. */
  private static final long BENCHMARKED_HEAP = 192 * MIB;
  /** What the server needed beyond its heap in the benchmarks (peak RSS 239-265 MiB with -Xmx192m), with room. */
  private static final long NON_HEAP_ROOM = 128 * MIB;

  private final Deployment deployment = K8sManifests.deployment();
  private final Container server = onlyContainer(deployment.getSpec().getTemplate());

  @Test
  void threeReplicasRollOneAtATimeWithoutLosingCapacity() {
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
  }

  @Test
  void theContainerPortIsTheConfiguredHttpPort() {
    int port = ConfigurationNames.load(null, Map.of()).http().port();

    assertThat(server.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(tuple("http", port));
    assertThat(server.getArgs()).containsExactly("serve");
    assertThat(server.getCommand()).as("the image's ENTRYPOINT runs java").isEmpty();
  }

  @Test
  void probesAskTheServersHealthRoutesOnItsPort() {
    JsonNode paths = new YAMLMapper().readTree(ProjectFiles.read(ProjectFiles.openApiDocument())).get("paths");

    assertProbe(server.getStartupProbe(), "/health/live");
    assertProbe(server.getLivenessProbe(), "/health/live");
    assertProbe(server.getReadinessProbe(), "/health/ready");
    assertThat(paths.has("/health/live")).as("/health/live is a route of the served API").isTrue();
    assertThat(paths.has("/health/ready")).as("/health/ready is a route of the served API").isTrue();
    // the readiness checks are bounded by 3 s each (OperationsHandlers): the probe waits longer than that
    assertThat(server.getReadinessProbe().getTimeoutSeconds()).isGreaterThan(3);
  }

  private void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void everyWorkloadRunsAsANumericNonRootUserWithNothingToEscalate() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      PodSpec pod = template.getSpec();
      PodSecurityContext podSecurity = pod.getSecurityContext();
      assertThat(podSecurity.getRunAsNonRoot()).as(file).isTrue();
      assertThat(podSecurity.getRunAsUser()).as(file).isEqualTo(Dockerfile.read().uid());
      assertThat(podSecurity.getSeccompProfile().getType()).as(file).isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).as(file).isFalse();
      assertThat(pod.getEnableServiceLinks()).as(file + ": no CONDUIT_* service variables").isFalse();
      for (Container container : pod.getContainers()) {
        SecurityContext security = container.getSecurityContext();
        String name = file + " " + container.getName();
        assertThat(security.getRunAsNonRoot()).as(name).isTrue();
        assertThat(security.getRunAsUser()).as(name).isEqualTo(Dockerfile.read().uid());
        assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).as(name).isEmpty();
        assertThat(security.getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
      }
    });
  }

  @Test
  void theOnlyWritablePathIsAnEmptyDirOnTmp() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      Container container = onlyContainer(template);
      VolumeMount tmp = container.getVolumeMounts().stream()
          .filter(mount -> mount.getMountPath().equals("/tmp")).findFirst().orElseThrow();
      Volume volume = volume(template, tmp.getName());
      assertThat(volume.getEmptyDir()).as(file + ": /tmp is an emptyDir").isNotNull();
      container.getVolumeMounts().stream().filter(mount -> mount != tmp)
          .forEach(mount -> assertThat(mount.getReadOnly()).as(file + " " + mount.getMountPath()).isTrue());
    });
  }

  @Test
  void everyContainerHasRequestsAndLimitsAndAHeapThatFitsThem() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      for (Container container : template.getSpec().getContainers()) {
        String name = file + " " + container.getName();
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
        assertThat(limits).as(name + " limits").containsKeys("cpu", "memory");
        for (String resource : new String[] {"cpu", "memory"}) {
          assertThat(amount(requests.get(resource))).as(name + " " + resource + " request within its limit")
              .isLessThanOrEqualTo(amount(limits.get(resource)));
        }
      }
    });
    long limit = amount(server.getResources().getLimits().get("memory")).longValueExact();
    long heap = limit * maxRamPercentage(server) / 100;
    assertThat(heap).as("the server's heap").isGreaterThanOrEqualTo(BENCHMARKED_HEAP);
    assertThat(limit - heap).as("room beyond the heap").isGreaterThanOrEqualTo(NON_HEAP_ROOM);
  }

  private static int maxRamPercentage(Container container) {
    String options = container.getEnv().stream().filter(env -> env.getName().equals("JDK_JAVA_OPTIONS"))
        .findFirst().orElseThrow().getValue();
    Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
    assertThat(percentage.find()).as("JDK_JAVA_OPTIONS sizes the heap from the limit").isTrue();
    return Integer.parseInt(percentage.group(1));
  }

  @Test
  void theKubeletWaitsLongerThanTheServersShutdownGrace() {
    long grace = ShutdownGrace.defaultSeconds();

    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(grace);
  }

  @Test
  void replicasSpreadAcrossZonesAndNodes() {
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .extracting(TopologySpreadConstraint::getTopologyKey)
        .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    for (TopologySpreadConstraint constraint : deployment.getSpec().getTemplate().getSpec()
        .getTopologySpreadConstraints()) {
      assertThat(constraint.getMaxSkew()).isEqualTo(1);
      assertThat(labels).containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels());
    }
  }

  @Test
  void theConfigMapIsMountedWhereConduitConfigPoints() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      Container container = onlyContainer(template);
      String configFile = container.getEnv().stream().filter(env -> env.getName().equals("CONDUIT_CONFIG"))
          .findFirst().orElseThrow().getValue();
      VolumeMount mount = container.getVolumeMounts().stream()
          .filter(candidate -> configFile.startsWith(candidate.getMountPath() + "/")).findFirst().orElseThrow();
      Volume volume = volume(template, mount.getName());
      String key = configFile.substring(mount.getMountPath().length() + 1);
      assertThat(volume.getConfigMap().getName()).as(file).isEqualTo(ConfigMapFile.manifest().getMetadata().getName());
      assertThat(ConfigMapFile.manifest().getData()).as(file).containsKey(key);
    });
  }

  @Test
  void theMigrationJobRunsMigrateOnceWithTheServersImage() {
    Container migrate = onlyContainer(K8sManifests.migrateJob().getSpec().getTemplate());

    assertThat(migrate.getArgs()).containsExactly("migrate");
    assertThat(migrate.getCommand()).isEmpty();
    assertThat(migrate.getImage()).isEqualTo(server.getImage());
    assertThat(K8sManifests.migrateJob().getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  static Container onlyContainer(PodTemplateSpec template) {
    assertThat(template.getSpec().getContainers()).hasSize(1);
    assertThat(template.getSpec().getInitContainers()).isEmpty();
    return template.getSpec().getContainers().get(0);
  }

  private static Volume volume(PodTemplateSpec template, String name) {
    return template.getSpec().getVolumes().stream().filter(volume -> volume.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static BigDecimal amount(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity);
  }
}
