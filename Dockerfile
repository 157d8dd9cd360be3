# The bridge as a container image: docker build -t looker-nats-bridge:0.1.0 .
# The build stage packages the jar without compiling or running the tests (CI runs them: they need nats-server).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
# application.yaml and routes/ are read from the working directory; on Kubernetes the routes are a
# mounted ConfigMap over /app/routes (k8s/deployment.yaml), so teams change them without a new image
WORKDIR /app
COPY --from=build /src/target/looker-nats-bridge.jar looker-nats-bridge.jar
COPY application.yaml application.yaml
COPY routes routes
USER 10001
EXPOSE 8080 8081
# 60 % of the container's memory for the heap; metaspace, threads and buffers need the rest
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
ENTRYPOINT ["java", "-jar", "/app/looker-nats-bridge.jar"]
