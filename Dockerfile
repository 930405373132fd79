# HR Webhook Hub container image.
#   docker build -t hr-webhook-hub .
#   docker run -p 8080:8080 -p 8081:8081 -v hub-data:/data hr-webhook-hub
# See docs/production.md, "Container image", for an external broker and database, your own routes and a read-only root.

# ---- build: compile the jar and split it into Spring Boot's layers ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies and plugins first, in their own layer: a change to the sources alone does not download them
# again. (Not dependency:go-offline: it also tries optional dependencies of Hawtio that are not published.)
COPY pom.xml ./
RUN mvn -B -q dependency:resolve dependency:resolve-plugins

# Tests run in CI, not in the image build: skip compiling them, and the broker distribution their
# multi-instance test unpacks (mdep.skip).
COPY src ./src
RUN mvn -B -q package -Dmaven.test.skip=true -Dmdep.skip=true \
 && java -Djarmode=tools -jar target/hr-webhook-hub.jar extract --layers --launcher --destination extracted

# ---- runtime: a JRE, the layers, the routes ----
# The Ubuntu-based Temurin 17 images ship curl, which the health check uses (the 22+ images no longer do).
FROM eclipse-temurin:17.0.20_8-jre-noble

# Fixed numeric uid/gid, so Kubernetes runAsNonRoot can check it. Only /data belongs to it; group 0 may write
# there too, for platforms that run images under an arbitrary uid in group 0.
RUN groupadd --gid 10001 hub \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hub \
 && install -d -o 10001 -g 0 -m 0770 /data

WORKDIR /app

# Least to most often changed, so a code change rebuilds only the last small layers.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# The built-in routes. Mount your own directory over /app/routes, or point HUB_ROUTES_DIR elsewhere.
COPY routes/ ./routes/

# The app writes only to /data (database, embedded broker journal, generated keys) and /tmp (Tomcat, JVM),
# so the root filesystem can be read-only. Sources and destinations: an application.yaml mounted in /config.
ENV HUB_ROUTES_DIR=/app/routes \
    HUB_DATA_DIR=/data \
    MANAGEMENT_SERVER_PORT=8081 \
    SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/config/ \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]

# 8080: webhooks, /ops API, sandbox receivers. 8081: actuator (health, prometheus) and the Hawtio console.
EXPOSE 8080 8081

USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS -o /dev/null "http://localhost:${MANAGEMENT_SERVER_PORT:-8081}/actuator/health/liveness" || exit 1

# Labels last: a new revision does not invalidate the layers above.
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="HR Webhook Hub" \
      org.opencontainers.image.description="Receives signed HR webhooks, deduplicates, routes and durably fans them out." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17.0.20_8-jre-noble"

# Exec form: the JVM is PID 1 and gets SIGTERM directly for a graceful shutdown. Extra arguments go to the app.
ENTRYPOINT ["java", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
