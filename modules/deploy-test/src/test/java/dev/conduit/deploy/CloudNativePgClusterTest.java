package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import dev.conduit.app.ConfigurationNames;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The optional CloudNativePG {@code Cluster} (postgresql.cnpg.io/v1). fabric8 has no model of this custom resource,
 * so it is read as a generic resource and each field it uses is checked against the names of the operator's
 * ClusterSpec: a misspelt field would otherwise be dropped by the operator's API server without a word.
 */
class CloudNativePgClusterTest {

  private final GenericKubernetesResource cluster = K8sManifests.file("cnpg/cluster.yaml",
      GenericKubernetesResource.class);

  @Test
  void itIsACloudNativePgCluster() {
    assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(cluster.getKind()).isEqualTo("Cluster");
    assertThat(cluster.getMetadata().getName()).isNotBlank();
    assertThat(cluster.getAdditionalProperties().keySet()).containsExactly("spec");
  }

  @Test
  void itUsesOnlyFieldsOfTheOperatorsClusterSpec() {
    Map<String, Object> spec = cluster.get("spec");

    assertThat(spec.keySet()).isSubsetOf("instances", "postgresql", "bootstrap", "storage", "affinity", "resources");
    assertThat(cluster.<Map<String, Object>>get("spec", "postgresql").keySet()).isSubsetOf(Set.of("parameters"));
    assertThat(cluster.<Map<String, Object>>get("spec", "bootstrap").keySet()).containsExactly("initdb");
    assertThat(cluster.<Map<String, Object>>get("spec", "bootstrap", "initdb").keySet())
        .isSubsetOf("database", "owner");
    assertThat(cluster.<Map<String, Object>>get("spec", "storage").keySet()).isSubsetOf("size", "storageClass");
    assertThat(cluster.<Map<String, Object>>get("spec", "affinity").keySet())
        .isSubsetOf("enablePodAntiAffinity", "topologyKey");
    assertThat(cluster.<Map<String, Object>>get("spec", "resources").keySet()).isSubsetOf("requests", "limits");
  }

  @Test
  void itRunsAPrimaryAndTwoReplicasForConduitsDatabase() {
    assertThat(cluster.<Integer>get("spec", "instances")).isEqualTo(3);
    assertThat(cluster.<String>get("spec", "bootstrap", "initdb", "database")).isEqualTo("conduit");
    assertThat(cluster.<String>get("spec", "bootstrap", "initdb", "owner")).isEqualTo("conduit");
    assertThat(Quantity.getAmountInBytes(new Quantity(cluster.<String>get("spec", "storage", "size"))))
        .isPositive();
    assertThat(cluster.<Boolean>get("spec", "affinity", "enablePodAntiAffinity")).isTrue();
  }

  @Test
  void itAdmitsEveryReplicaTheAutoscalerMayStart() {
    // each replica holds database.pool-size (8) pooled connections plus its change-feed listener and start-up check
    int perReplica = ConfigurationNames.load(null, Map.of()).database().poolSize() + 2;
    int maxReplicas = K8sManifests.file("hpa.yaml", HorizontalPodAutoscaler.class).getSpec().getMaxReplicas();
    String maxConnections = cluster.get("spec", "postgresql", "parameters", "max_connections");

    assertThat(Integer.parseInt(maxConnections)).isGreaterThan(perReplica * maxReplicas);
  }
}
