# Conduit's image: a JRE 17 and the fat jar. Build the jar first, then the image:
#   mvn -B -q package -DskipTests && docker build -t conduit:0.1.0 .
# Running it needs CONDUIT_DATABASE_URL, CONDUIT_VAULT_KEYSET and a JWT key (README.md, "Running in production");
# without CONDUIT_DATABASE_URL it is the development setup, which keeps an embedded PostgreSQL under the working
# directory (fine for a try with `docker run -p 8080:8080 conduit:0.1.0`, not for production).
FROM eclipse-temurin:17-jre

# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a numeric one (k8s/deployment.yaml runs as it).
RUN groupadd --system --gid 10001 conduit \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/conduit --create-home --shell /usr/sbin/nologin conduit

COPY modules/app/target/conduit.jar /opt/conduit/conduit.jar

USER 10001:10001
# the development setup's .conduit/ lands here; in production nothing is written outside java.io.tmpdir (/tmp)
WORKDIR /home/conduit
EXPOSE 8080

# Heap from the container's memory limit, not the host's; a JVM out of heap exits so that it is restarted.
# The Kubernetes manifests replace this with their own, sized to their limits.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

# Exec form: java is PID 1 and gets SIGTERM itself, which starts Conduit's orderly shutdown.
ENTRYPOINT ["java", "-jar", "/opt/conduit/conduit.jar"]
CMD ["serve"]
