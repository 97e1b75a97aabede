package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects around the Deployment point at it and say what the README says they do. */
class ClusterObjectsTest {

  private final Deployment deployment = K8sManifests.deployment();
  private final Map<String, String> serverLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

  @Test
  void theServiceSendsItsPortToTheServersHttpPort() {
    Service service = K8sManifests.file("service.yaml", Service.class);

    assertThat(serverLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(K8sManifests.migrateJob().getSpec().getTemplate().getMetadata().getLabels())
        .as("the migration Job's pod gets no traffic").doesNotContainEntry("app.kubernetes.io/component", "server");
    assertThat(service.getSpec().getPorts()).singleElement()
        .satisfies(port -> assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http")));
  }

  @Test
  void theAutoscalerScalesTheDeploymentOnCpuFromItsReplicaCount() {
    HorizontalPodAutoscaler hpa = K8sManifests.file("hpa.yaml", HorizontalPodAutoscaler.class);

    assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas());
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
      assertThat(metric.getResource().getName()).isEqualTo("cpu");
      assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
    });
  }

  @Test
  void disruptionsTakeOneReplicaAtATime() {
    PodDisruptionBudget pdb = K8sManifests.file("pdb.yaml", PodDisruptionBudget.class);

    assertThat(serverLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
  }

  @Test
  void theNetworkPolicyAdmitsOnlyHttpAndLetsOutOnlyDnsPostgresqlAndHttps() {
    NetworkPolicy policy = K8sManifests.file("networkpolicy.yaml", NetworkPolicy.class);
    Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();

    assertThat(serverLabels).containsAllEntriesOf(selector);
    assertThat(K8sManifests.migrateJob().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(selector);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("http"));
      assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getProtocol).containsExactly("TCP");
    });
    List<String> egress = policy.getSpec().getEgress().stream()
        .flatMap(rule -> rule.getPorts().stream())
        .map(port -> port.getProtocol() + "/" + port.getPort().getIntVal())
        .toList();
    assertThat(egress).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/5432", "TCP/443");
    NetworkPolicyEgressRule https = policy.getSpec().getEgress().stream()
        .filter(rule -> rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 443))
        .findFirst().orElseThrow();
    assertThat(https.getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock().getExcept()).isNotEmpty());
  }

  @Test
  void theServiceAccountCarriesNoToken() {
    ServiceAccount account = K8sManifests.file("serviceaccount.yaml", ServiceAccount.class);

    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    K8sManifests.podTemplates().forEach((file, template) ->
        assertThat(template.getSpec().getServiceAccountName()).as(file).isEqualTo(account.getMetadata().getName()));
  }
}
