# syntax=docker/dockerfile:1
# Build stage: the full toolchain plus the two system libraries the service links.
FROM swift:6.3-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libssl-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Resolve dependencies in their own layer so source edits don't refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
# The manifest declares the test targets, and SwiftPM refuses a package whose target folders are
# missing, so Tests comes along even though only the executable is built.
COPY Tests ./Tests
# The symlink Sources/ServiceHost/Resources/openapi.yaml points here; it is compiled into the binary.
COPY openapi.yaml ./
# The Swift runtime is linked statically so the runtime image needs only libssl and zlib.
# openapi.yaml is embedded in the code, so the binary is the whole application: no resource bundle.
RUN swift build -c release --product abacus --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/abacus" /staging/abacus

# Runtime stage: a slim Debian with the shared libraries the binary needs, run as a non-root user.
FROM debian:bookworm-slim
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libssl3 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin abacus
COPY --from=build /staging/ /app/
USER abacus:abacus
ENV ABACUS_HOST=0.0.0.0 ABACUS_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/app/abacus", "healthcheck"]
ENTRYPOINT ["/app/abacus"]
CMD ["serve"]
