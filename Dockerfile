# The bridge as a container image: docker build -t looker-nats-bridge:0.1.0 .
# The build stage packages the jar without compiling or running the tests (CI runs them: they need nats-server).
# Base images are pinned by digest (tag kept for readers; with both, Docker pulls the digest), so a build
# does not silently change when the tag moves. The digests are the multi-platform index digests that
# docker-library/repo-info recorded for these tags (repos/<image>/remote/<tag>.md), read there on
# 2026-12-01 without access to Docker Hub and not checked against the registry:
#   maven:3.9-eclipse-temurin-17  images built 2026-09-16, JDK 17.0.20+8 (repo-info commit 1fd86ba)
#   eclipse-temurin:17-jre        images built 2026-09-25, JDK 17.0.20.1+1
# The tags have probably moved on since (JDK and OS security updates). To update, resolve the tag and
# replace the digest after the @:
#   docker buildx imagetools inspect eclipse-temurin:17-jre      (the "Digest:" line)
#   crane digest maven:3.9-eclipse-temurin-17
FROM maven:3.9-eclipse-temurin-17@sha256:42a3ac393abbc64dae6c96703e5ead2e921fe9103371ac58b5b404b0d6a26502 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre@sha256:34d6aaf0fa4ef553c470234ec23c32c7d5c0f370c2bd4b0bf8a16838052d85f0
# application.yaml and routes/ are read from the working directory; on Kubernetes the routes are a
# mounted ConfigMap over /app/routes (k8s/deployment.yaml), so teams change them without a new image
WORKDIR /app
COPY --from=build /src/target/looker-nats-bridge.jar looker-nats-bridge.jar
COPY application.yaml application.yaml
COPY routes routes
USER 10001
EXPOSE 8080 8081
# 60 % of the container's memory for the heap; metaspace, threads and buffers need the rest.
# ExitOnOutOfMemoryError: a JVM that hit an OutOfMemoryError may have lost threads (Tomcat's poller,
# Quartz's scheduler, the NATS connection's) and must be restarted rather than limp on; it exits at once
# (status 3) and Kubernetes starts the container again.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/looker-nats-bridge.jar"]
