package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.app.ConfigurationNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the image promises: a JRE 17, the fat jar, a numeric non-root user, java as PID 1. */
class DockerfileTest {

  /** Where `mvn -B package` writes the fat jar (modules/app/pom.xml, the shade plugin's finalName). */
  private static final String FAT_JAR = "modules/app/target/conduit.jar";

  private final Dockerfile dockerfile = Dockerfile.read();

  @Test
  void itStartsFromAJava17RuntimeImage() {
    assertThat(dockerfile.all("FROM")).hasSize(1);
    assertThat(dockerfile.all("FROM").get(0)).matches("(eclipse-temurin:17-jre.*|gcr\\.io/distroless/java17.*)");
  }

  @Test
  void itCopiesTheFatJarThatTheBuildWrites() {
    assertThat(ProjectFiles.read(ProjectFiles.root().resolve("modules/app/pom.xml")))
        .contains("<finalName>conduit</finalName>");
    assertThat(dockerfile.all("COPY")).anySatisfy(copy -> assertThat(copy.split("\\s+")[0]).isEqualTo(FAT_JAR));
    // the build context holds nothing else, and the jar is not left out of it
    assertThat(ProjectFiles.read(ProjectFiles.dockerignore()).lines().map(String::strip))
        .contains("*", "!" + FAT_JAR);
  }

  @Test
  void itRunsAsTheNumericNonRootUserTheManifestsRequire() {
    assertThat(dockerfile.uid()).isPositive();
    assertThat(dockerfile.uid()).isEqualTo(
        K8sManifests.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
  }

  @Test
  void aUserNameOrNoUserIsRefused() {
    assertThatThrownBy(() -> Dockerfile.parse("FROM eclipse-temurin:17-jre\nUSER conduit\n").uid())
        .hasMessageContaining("not numeric");
    assertThatThrownBy(() -> Dockerfile.parse("FROM eclipse-temurin:17-jre\n").uid())
        .hasMessageContaining("no USER");
  }

  @Test
  void theEntrypointIsInExecFormSoThatJavaGetsSigterm() {
    String entrypoint = dockerfile.last("ENTRYPOINT").orElseThrow();
    List<String> command = Dockerfile.execForm(entrypoint)
        .orElseThrow(() -> new AssertionError("ENTRYPOINT " + entrypoint + " is in shell form"));
    String jarInImage = dockerfile.all("COPY").stream().filter(copy -> copy.startsWith(FAT_JAR))
        .map(copy -> copy.split("\\s+")[1]).findFirst().orElseThrow();

    assertThat(command.get(0)).isEqualTo("java");
    assertThat(command).containsSubsequence("-jar", jarInImage);
    assertThat(Dockerfile.execForm(dockerfile.last("CMD").orElseThrow())).contains(List.of("serve"));
  }

  @Test
  void shellFormIsToldApart() {
    assertThat(Dockerfile.execForm("java -jar /opt/conduit/conduit.jar")).isEmpty();
    assertThat(Dockerfile.execForm("[\"java\", \"-jar\"]")).contains(List.of("java", "-jar"));
    assertThat(Dockerfile.execForm("[java, -jar]")).isEmpty();
  }

  @Test
  void itExposesTheConfiguredHttpPort() {
    int port = ConfigurationNames.load(null, Map.of()).http().port();

    assertThat(dockerfile.all("EXPOSE")).contains(String.valueOf(port));
  }

  @Test
  void theHeapFollowsTheContainersMemoryLimit() {
    assertThat(dockerfile.all("ENV")).anySatisfy(env -> assertThat(env).contains("-XX:MaxRAMPercentage="));
  }
}
